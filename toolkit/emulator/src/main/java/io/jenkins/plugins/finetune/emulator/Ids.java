package io.jenkins.plugins.finetune.emulator;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Identifiers shaped like the service's own ({@code ftjob-} + 32 hex digits and friends). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    static String job() {
        return "ftjob-" + hex(16);
    }

    static String event() {
        return "ftevent-" + hex(12);
    }

    static String checkpoint() {
        return "ftckpt-" + hex(12);
    }

    static String file() {
        return "file-" + hex(16);
    }

    private static String hex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
