package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * https to a port that accepts connections and never answers the TLS handshake (a plain http server, or one
 * that hangs): the message names the timeout that fired and hints at the likely cause.
 */
@Timeout(30)
class TlsHandshakeTest {

    private static final String KEY = "tls-secret-7b2d";
    private static final Cli CLI = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listenAndSayNothing() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // held open, never read or written
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void aStalledHandshakeNamesTheConnectTimeoutAndSaysTheServerMayNotSpeakTls() {
        long started = System.nanoTime();
        Cli.Run run = CLI.run(
                "get",
                "ftjob-1",
                "--endpoint",
                "https://127.0.0.1:" + silent.getLocalPort(),
                "--api-key-env",
                "FT_KEY",
                "--connect-timeout",
                "1",
                "--response-timeout",
                "20",
                "--max-retries",
                "0");
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_ANSWER);
        assertThat(run.err())
                .contains("the TLS handshake did not complete within the connect timeout of 1 s")
                .contains("does the server speak https on that port?")
                .doesNotContain("response timeout");
        assertThat(seconds)
                .as("the connect timeout fired, not the 20 s response timeout")
                .isLessThan(10);
    }
}
