package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The fault suite of issue 5: each scenario ends in success or a clear typed error within its bound.
 * The table of scenario → outcome → time is printed after the class.
 */
@Timeout(20)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final String ID = "ftjob-fault";
    private static final String JOB = TestJobs.job(ID, "pausing");
    private static final List<String[]> TABLE = new ArrayList<>();

    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @AfterAll
    static void printTable() {
        int width = Math.max(
                "scenario".length(),
                TABLE.stream().mapToInt(r -> r[0].length()).max().orElse(0));
        StringBuilder out = new StringBuilder("\nFault suite (client " + UserAgent.version() + ")\n");
        out.append(String.format("%-" + width + "s | %-100s | %s%n", "scenario", "outcome", "time ms"));
        out.append("-".repeat(width)).append("-+-").append("-".repeat(100)).append("-+--------\n");
        for (String[] row : TABLE) {
            out.append(String.format("%-" + width + "s | %-100s | %7s%n", row[0], row[1], row[2]));
        }
        System.out.println(out);
    }

    /** Runs one scenario, asserts it ended within {@code boundMs}, and records a row. */
    private static void scenario(String name, long boundMs, Callable<String> body) throws Exception {
        long started = System.nanoTime();
        String outcome;
        try {
            outcome = body.call();
        } catch (Throwable t) {
            synchronized (TABLE) {
                TABLE.add(new String[] {name, "TEST FAILED: " + shorten(String.valueOf(t)), "-"});
            }
            throw t;
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        synchronized (TABLE) {
            TABLE.add(new String[] {name, shorten(outcome), Long.toString(ms)});
        }
        assertThat(ms).as("time taken by scenario '%s'", name).isLessThan(boundMs);
    }

    /** The exception type and the informative part of its message (the URL and action, the same in every row, cut). */
    private static String describe(Throwable t) {
        String message = String.valueOf(t.getMessage())
                .replaceAll("^Could not reach http://127\\.0\\.0\\.1:\\d+ \\([A-Z]+ [^)]*\\) ", "")
                .replaceAll("^Could not [a-z]+ fine-tuning job '[^']*': ", "")
                .replaceAll("^The answer from http://127\\.0\\.0\\.1:\\d+\\S* ", "answer ")
                .replaceAll("^Interrupted: [A-Z]+ \\S+ ", "request ")
                .replace(". Check the endpoint, the network and the proxy settings.", "");
        return t.getClass().getSimpleName() + ": " + message;
    }

    private static String shorten(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() <= 100 ? flat : flat.substring(0, 97) + "...";
    }

    private FineTuningClient client(HttpOptions.Builder options) {
        return TestClients.builder(server.baseUrl())
                .httpOptions(options.build())
                .build();
    }

    @Test
    @Order(1)
    void connectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        scenario("connection refused", 3000, () -> {
            try (FineTuningClient client = TestClients.client("http://127.0.0.1:" + port)) {
                Throwable t = catchThrowable(() -> client.pause(ID));
                assertThat(t)
                        .isInstanceOf(FineTuningTransportException.class)
                        .hasMessageContaining("after 4 attempts")
                        .hasMessageContaining("Connect");
                return describe(t);
            }
        });
    }

    @Test
    @Order(2)
    void resetMidHeadersOnceThenSuccess() throws Exception {
        server.enqueue(Step.resetMidHeaders(), Step.json(200, JOB));
        scenario("reset mid-headers once, then 200", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                FineTuningResponse<FineTuningJob> response = client.pauseWithResponse(ID);
                assertThat(response.attempts()).isEqualTo(2);
                return "success after " + response.attempts() + " attempts: "
                        + response.value().status();
            }
        });
    }

    @Test
    @Order(3)
    void resetMidHeadersAlways() throws Exception {
        server.otherwise(Step.resetMidHeaders());
        scenario("reset mid-headers, every attempt", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                Throwable t = catchThrowable(() -> client.pause(ID));
                assertThat(t).isInstanceOf(FineTuningTransportException.class).hasMessageContaining("after 4 attempts");
                assertThat(server.requestCount()).isEqualTo(4);
                return describe(t);
            }
        });
    }

    @Test
    @Order(4)
    void resetMidBodyOnceThenSuccess() throws Exception {
        server.enqueue(Step.halfBodyThenReset(JOB), Step.json(200, JOB));
        scenario("reset mid-body once, then 200", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                FineTuningResponse<FineTuningJob> response = client.getWithResponse(ID);
                assertThat(response.attempts()).isEqualTo(2);
                return "success after " + response.attempts() + " attempts";
            }
        });
    }

    @Test
    @Order(5)
    void resetMidBodyAlways() throws Exception {
        server.otherwise(Step.halfBodyThenReset(JOB));
        scenario("reset mid-body, every attempt", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                Throwable t = catchThrowable(() -> client.get(ID));
                assertThat(t).isInstanceOf(FineTuningTransportException.class).hasMessageContaining("after 4 attempts");
                return describe(t);
            }
        });
    }

    @Test
    @Order(6)
    void serverNeverAnswers() throws Exception {
        server.otherwise(Step.neverAnswer());
        scenario("server never answers (response timeout 500 ms, 1 retry)", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions()
                    .responseTimeout(Duration.ofMillis(500))
                    .maxRetries(1))) {
                Throwable t = catchThrowable(() -> client.pause(ID));
                assertThat(t)
                        .isInstanceOf(FineTuningTransportException.class)
                        .hasMessageContaining("no answer within the response timeout of 500 ms")
                        .hasMessageContaining("after 2 attempts");
                assertThat(t.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
                return describe(t);
            }
        });
    }

    @Test
    @Order(7)
    void slowTrickleWithinTheTimeoutSucceeds() throws Exception {
        server.otherwise(Step.trickle(JOB, 64, Duration.ofMillis(20)));
        scenario("slow trickle body (64 B / 20 ms)", 5000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions().responseTimeout(Duration.ofMillis(500)))) {
                FineTuningResponse<FineTuningJob> response = client.pauseWithResponse(ID);
                assertThat(response.attempts()).isEqualTo(1);
                return "success after 1 attempt, " + JOB.length() + " bytes";
            }
        });
    }

    @Test
    @Order(8)
    void tricklePausingLongerThanTheTimeoutFails() throws Exception {
        server.otherwise(Step.trickle(JOB, JOB.length() / 2 + 1, Duration.ofMillis(700)));
        scenario("trickle stalls longer than the response timeout", 5000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions()
                    .responseTimeout(Duration.ofMillis(300))
                    .maxRetries(1))) {
                Throwable t = catchThrowable(() -> client.get(ID));
                assertThat(t)
                        .isInstanceOf(FineTuningTransportException.class)
                        .hasMessageContaining("response timeout of 300 ms");
                return describe(t);
            }
        });
    }

    @Test
    @Order(9)
    void serviceUnavailableStormThenSuccess() throws Exception {
        for (int i = 0; i < 5; i++) {
            server.enqueue(
                    Step.azureError(503, "ServiceUnavailable", "busy", null).header("retry-after-ms", "20"));
        }
        server.enqueue(Step.json(200, JOB));
        scenario("503 storm (5x) then 200", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions().maxRetries(6))) {
                FineTuningResponse<FineTuningJob> response = client.pauseWithResponse(ID);
                assertThat(response.attempts()).isEqualTo(6);
                return "success after " + response.attempts() + " attempts";
            }
        });
    }

    @Test
    @Order(10)
    void tooManyRequestsWithRetryAfterSeconds() throws Exception {
        server.enqueue(
                Step.azureError(429, "429", "Rate limit is exceeded. Try again in 2 seconds.", null)
                        .header("Retry-After", "2"),
                Step.json(200, JOB));
        scenario("429 with Retry-After: 2", 4000, () -> {
            long started = System.nanoTime();
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                FineTuningResponse<FineTuningJob> response = client.pauseWithResponse(ID);
                long waited = (System.nanoTime() - started) / 1_000_000;
                assertThat(response.attempts()).isEqualTo(2);
                assertThat(waited).isGreaterThanOrEqualTo(2000);
                return "success after 2 attempts, waited " + waited + " ms";
            }
        });
    }

    @Test
    @Order(11)
    void tooManyRequestsWithRetryAfterMs() throws Exception {
        server.enqueue(
                Step.azureError(429, "429", "Rate limit", null).header("retry-after-ms", "300"), Step.json(200, JOB));
        scenario("429 with retry-after-ms: 300", 2000, () -> {
            long started = System.nanoTime();
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                FineTuningResponse<FineTuningJob> response = client.pauseWithResponse(ID);
                long waited = (System.nanoTime() - started) / 1_000_000;
                assertThat(waited).isGreaterThanOrEqualTo(300);
                return "success after " + response.attempts() + " attempts, waited " + waited + " ms";
            }
        });
    }

    @Test
    @Order(12)
    void internalServerErrorWithHtml() throws Exception {
        server.otherwise(Step.raw(500, "<html><body><h1>500 Internal Server Error</h1></body></html>")
                .header("Content-Type", "text/html"));
        scenario("500 with HTML body", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                Throwable t = catchThrowable(() -> client.pause(ID));
                assertThat(t)
                        .isInstanceOf(FineTuningApiException.class)
                        .hasMessageContaining("Azure answered with a server error (HTTP 500, a text/html body of")
                        .hasMessageContaining("after 4 attempts");
                assertThat(((FineTuningApiException) t).statusCode()).isEqualTo(500);
                return describe(t);
            }
        });
    }

    @Test
    @Order(13)
    void okWithMalformedJson() throws Exception {
        server.otherwise(Step.json(200, "{\"id\":\"ftjob-"));
        scenario("200 with malformed JSON", 2000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                Throwable t = catchThrowable(() -> client.pause(ID));
                assertThat(t)
                        .isInstanceOf(FineTuningApiException.class)
                        .hasMessageContaining("the body is not a fine_tuning.job JSON object");
                assertThat(server.requestCount()).isEqualTo(1);
                return describe(t);
            }
        });
    }

    @Test
    @Order(14)
    void okWithFiftyMegabytesDeclared() throws Exception {
        server.otherwise(Step.huge(50L * 1024 * 1024, true));
        scenario("200 with a 50 MB body (Content-Length)", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                Throwable t = catchThrowable(() -> client.get(ID));
                assertThat(t)
                        .isInstanceOf(FineTuningApiException.class)
                        .hasMessageContaining("was 52428800 bytes, over the limit of 8388608 bytes; it was not read");
                assertThat(server.requestCount()).isEqualTo(1);
                return describe(t);
            }
        });
    }

    @Test
    @Order(15)
    void okWithFiftyMegabytesChunked() throws Exception {
        server.otherwise(Step.huge(50L * 1024 * 1024, false));
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        long[] peak = {0};
        scenario("200 with a 50 MB body (chunked)", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                Throwable t = catchThrowable(() -> client.get(ID));
                peak[0] = runtime.totalMemory() - runtime.freeMemory();
                assertThat(t)
                        .isInstanceOf(FineTuningApiException.class)
                        .hasMessageContaining("was more than 8388608 bytes, over the limit of 8388608 bytes");
                assertThat(server.requestCount()).isEqualTo(1);
                return describe(t) + " (server sent " + server.hugeBytesSent() / (1024 * 1024)
                        + " MB before the hang-up)";
            }
        });
        Thread.sleep(200);
        assertThat(server.hugeBytesSent())
                .as("the client stopped reading at the cap")
                .isLessThan(40L * 1024 * 1024);
        assertThat(peak[0] - before).as("heap growth while reading").isLessThan(45L * 1024 * 1024);
    }

    @Test
    @Order(15)
    void okWithAnEndlessChunkedBody() throws Exception {
        server.otherwise(Step.huge(Long.MAX_VALUE, false));
        scenario("200 with an endless chunked body", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions())) {
                Throwable t = catchThrowable(() -> client.get(ID));
                assertThat(t)
                        .isInstanceOf(FineTuningApiException.class)
                        .hasMessageContaining("over the limit of 8388608 bytes");
                return describe(t);
            }
        });
    }

    @Test
    @Order(16)
    void redirectToAnotherHost() throws Exception {
        try (ScriptedServer other = ScriptedServer.start()) {
            other.otherwise(Step.json(200, JOB));
            server.otherwise(Step.raw(307, "")
                    .header(
                            "Location",
                            "http://localhost:" + other.port() + "/openai/v1/fine_tuning/jobs/" + ID
                                    + "/pause?api-version=v1"));
            scenario("307 redirect to another host", 2000, () -> {
                try (FineTuningClient client = client(TestClients.fastOptions())) {
                    Throwable t = catchThrowable(() -> client.pause(ID));
                    assertThat(t)
                            .isInstanceOf(FineTuningApiException.class)
                            .hasMessageContaining("redirect (HTTP 307) to host localhost");
                    assertThat(other.requestCount())
                            .as("requests the other host received")
                            .isZero();
                    assertThat(other.connectionCount()).isZero();
                    return describe(t) + " [other host: " + other.requestCount() + " requests]";
                }
            });
        }
    }

    @Test
    @Order(17)
    void plainHttpToANonLoopbackHost() throws Exception {
        scenario("http:// endpoint on a non-loopback host", 1000, () -> {
            Throwable t = catchThrowable(() -> TestClients.client("http://my-resource.openai.azure.com"));
            assertThat(t)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("plain http is only allowed for loopback");
            return describe(t);
        });
    }

    @Test
    @Order(18)
    void interruptDuringBackoff() throws Exception {
        server.otherwise(
                Step.azureError(503, "ServiceUnavailable", "busy", null).header("Retry-After", "10"));
        scenario("interrupt during a 10 s backoff", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions()
                    .maxRetryDelay(Duration.ofSeconds(30))
                    .maxRetryDuration(Duration.ofMinutes(1)))) {
                InterruptTest.Outcome outcome =
                        InterruptTest.interruptWhen(() -> server.requestCount() > 0, () -> client.pause(ID));
                assertThat(outcome.thrown()).isInstanceOf(FineTuningInterruptedException.class);
                assertThat(outcome.interruptFlagSet()).isTrue();
                assertThat(outcome.millisAfterInterrupt()).isLessThan(1000);
                return describe(outcome.thrown()) + " (" + outcome.millisAfterInterrupt() + " ms after the interrupt)";
            }
        });
    }

    @Test
    @Order(19)
    void interruptDuringAHangingRequest() throws Exception {
        server.otherwise(Step.neverAnswer());
        scenario("interrupt during a request that never answers", 3000, () -> {
            try (FineTuningClient client = client(TestClients.fastOptions().responseTimeout(Duration.ofSeconds(60)))) {
                InterruptTest.Outcome outcome =
                        InterruptTest.interruptWhen(() -> server.requestCount() > 0, () -> client.pause(ID));
                assertThat(outcome.thrown()).isInstanceOf(FineTuningInterruptedException.class);
                assertThat(outcome.interruptFlagSet()).isTrue();
                assertThat(outcome.millisAfterInterrupt()).isLessThan(1000);
                return describe(outcome.thrown()) + " (" + outcome.millisAfterInterrupt() + " ms after the interrupt)";
            }
        });
    }

    @Test
    @Order(20)
    void emulatorFaultsThenSuccess() throws Exception {
        try (FineTuningEmulator emulator =
                FineTuningEmulator.builder().apiKey(TestClients.API_KEY).build().start()) {
            String id = emulator.seedJob(JobSeed.running());
            emulator.faults()
                    .next(Fault.resetConnection().onlyFor("POST", "/pause"))
                    .next(Fault.status(503).header("retry-after-ms", "10").onlyFor("POST", "/pause"))
                    .next(Fault.delay(Duration.ofMillis(100)).onlyFor("POST", "/pause"));
            scenario("emulator: reset, 503, delay, then pause", 3000, () -> {
                try (FineTuningClient client = TestClients.client(emulator.baseUrl())) {
                    FineTuningResponse<FineTuningJob> response = client.pauseWithResponse(id);
                    assertThat(response.attempts()).isEqualTo(3);
                    assertThat(emulator.job(id).status()).isIn("pausing", "paused");
                    return "success after " + response.attempts() + " attempts: "
                            + response.value().status();
                }
            });
        }
    }

    @Test
    @Order(21)
    void emulatorHangAndMalformedBody() throws Exception {
        try (FineTuningEmulator emulator =
                FineTuningEmulator.builder().apiKey(TestClients.API_KEY).build().start()) {
            String id = emulator.seedJob(JobSeed.running());
            emulator.faults().next(2, Fault.hang(Duration.ofSeconds(10))).next(Fault.malformedBody());
            scenario("emulator: hang x2 (timeout), then malformed body", 4000, () -> {
                try (FineTuningClient client = TestClients.builder(emulator.baseUrl())
                        .httpOptions(TestClients.fastOptions()
                                .responseTimeout(Duration.ofMillis(400))
                                .maxRetries(1)
                                .build())
                        .build()) {
                    Throwable timeout = catchThrowable(() -> client.get(id));
                    assertThat(timeout)
                            .isInstanceOf(FineTuningTransportException.class)
                            .hasMessageContaining("response timeout");
                    assertThatThrownBy(() -> client.get(id))
                            .isInstanceOf(FineTuningApiException.class)
                            .hasMessageContaining("not a fine_tuning.job");
                    return describe(timeout) + " / then FineTuningApiException (malformed)";
                }
            });
        }
    }
}
