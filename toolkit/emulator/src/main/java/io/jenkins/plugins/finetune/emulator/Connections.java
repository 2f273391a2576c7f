package io.jenkins.plugins.finetune.emulator;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client connections requests arrived on, told apart by the client's address and port: what a test
 * reads to see whether a client reuses its connections. The JDK server has no accept hook, so a connection
 * that never carried a complete request is not counted.
 */
final class Connections {
    private final Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();

    void requestFrom(InetSocketAddress client) {
        if (client != null) {
            seen.add(client);
        }
    }

    int count() {
        return seen.size();
    }
}
