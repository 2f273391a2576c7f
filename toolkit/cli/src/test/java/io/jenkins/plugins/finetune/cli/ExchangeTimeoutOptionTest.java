package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tarpit: it answers 200 with its headers at once, then sends one byte of the body a second. The response timeout
 * never fires (bytes keep coming); {@code --exchange-timeout} ends the request.
 */
@Timeout(30)
class ExchangeTimeoutOptionTest {

    private static final String KEY = "tarpit-secret-51c9";
    private static final Cli CLI = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));

    private ServerSocket tarpit;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startTarpit() throws IOException {
        tarpit = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = tarpit.accept();
                    accepted.add(socket);
                    Thread trickle = new Thread(() -> trickle(socket));
                    trickle.setDaemon(true);
                    trickle.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void trickle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            int matched = 0; // reads up to the blank line that ends the request's headers
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 999; i++) {
                Thread.sleep(1000);
                out.write(' ');
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the client hung up, or the test is over
        }
    }

    @AfterEach
    void close() throws IOException {
        tarpit.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void theExchangeTimeoutEndsATricklingAnswer() {
        long started = System.nanoTime();
        Cli.Run run = CLI.run(
                "get",
                "ftjob-1",
                "--endpoint",
                "http://127.0.0.1:" + tarpit.getLocalPort(),
                "--api-key-env",
                "FT_KEY",
                "--response-timeout",
                "20",
                "--exchange-timeout",
                "2",
                "--max-retries",
                "0");
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.NO_ANSWER);
        assertThat(run.err())
                .contains("the exchange did not finish within 2 s (the exchange timeout)")
                .doesNotContain(KEY);
        assertThat(seconds).as("ended by the 2 s exchange timeout").isLessThan(8);
    }

    @Test
    void aNonPositiveExchangeTimeoutIsAUsageErrorNamingTheOption() {
        Cli.Run run = CLI.run(
                "get",
                "ftjob-1",
                "--endpoint",
                "http://127.0.0.1:" + tarpit.getLocalPort(),
                "--api-key-env",
                "FT_KEY",
                "--exchange-timeout",
                "0");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--exchange-timeout").contains("must be greater than 0");
        assertThat(accepted).isEmpty();
    }
}
