package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries: which answers, how long between them, and the bounds on attempts and total time. */
@Timeout(15)
class RetryTest {

    private static final String ID = "ftjob-retry";
    private static final String JOB = TestJobs.job(ID, "running");

    private ScriptedServer server;
    private final TestClients.RecordingSleeper sleeper = new TestClients.RecordingSleeper();

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FineTuningClient client(HttpOptions.Builder options) {
        return TestClients.builder(server.baseUrl())
                .httpOptions(options.build())
                .sleeper(sleeper)
                .build();
    }

    @ParameterizedTest(name = "HTTP {0} is retried")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void transientStatusesAreRetried(int status) {
        server.enqueue(
                Step.azureError(status, "x", "transient", null),
                Step.json(200, JOB).header("apim-request-id", "ok-2"));
        try (FineTuningClient client = client(TestClients.fastOptions().baseRetryDelay(Duration.ofMillis(100)))) {
            FineTuningResponse<FineTuningJob> response = client.getWithResponse(ID);
            assertThat(response.attempts()).isEqualTo(2);
            assertThat(response.requestId()).isEqualTo("ok-2");
        }
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(sleeper.delays).hasSize(1);
        assertThat(sleeper.delays.get(0)).isBetween(80L, 120L);
    }

    @ParameterizedTest(name = "HTTP {0} is not retried")
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 422, 501, 505})
    void otherStatusesAreNotRetried(int status) {
        server.otherwise(Step.azureError(status, "x", "final", null));
        try (FineTuningClient client = client(TestClients.fastOptions())) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
            assertThat(e.statusCode()).isEqualTo(status);
        }
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(sleeper.delays).isEmpty();
    }

    @Test
    void retryAfterSecondsIsHonoured() {
        server.enqueue(Step.azureError(429, "429", "slow down", null).header("Retry-After", "2"), Step.json(200, JOB));
        try (FineTuningClient client = client(TestClients.fastOptions())) {
            assertThat(client.getWithResponse(ID).attempts()).isEqualTo(2);
        }
        assertThat(sleeper.delays).containsExactly(2000L);
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        server.enqueue(
                Step.azureError(429, "429", "slow down", null)
                        .header("retry-after-ms", "150")
                        .header("Retry-After", "2"),
                Step.azureError(503, "503", "busy", null).header("x-ms-retry-after-ms", "42.7"),
                Step.json(200, JOB));
        try (FineTuningClient client = client(TestClients.fastOptions())) {
            assertThat(client.getWithResponse(ID).attempts()).isEqualTo(3);
        }
        assertThat(sleeper.delays).containsExactly(150L, 42L);
    }

    @Test
    void retryAfterHttpDateIsHonoured() {
        String in3s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        server.enqueue(Step.azureError(503, "503", "busy", null).header("Retry-After", in3s), Step.json(200, JOB));
        try (FineTuningClient client = client(TestClients.fastOptions())) {
            client.get(ID);
        }
        assertThat(sleeper.delays).hasSize(1);
        assertThat(sleeper.delays.get(0)).isBetween(1000L, 3000L);
    }

    @Test
    void garbageRetryAfterFallsBackToBackoff() {
        server.enqueue(
                Step.azureError(503, "503", "busy", null)
                        .header("Retry-After", "soon")
                        .header("retry-after-ms", "-5"),
                Step.json(200, JOB));
        try (FineTuningClient client = client(TestClients.fastOptions().baseRetryDelay(Duration.ofMillis(100)))) {
            client.get(ID);
        }
        assertThat(sleeper.delays).hasSize(1);
        assertThat(sleeper.delays.get(0)).isBetween(80L, 120L);
    }

    @Test
    void backoffIsExponentialAndBoundedByMaxRetries() {
        server.otherwise(Step.azureError(503, "ServiceUnavailable", "busy", null));
        try (FineTuningClient client =
                client(TestClients.fastOptions().maxRetries(3).baseRetryDelay(Duration.ofMillis(100)))) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.getMessage()).contains("after 4 attempts");
        }
        assertThat(server.requestCount()).isEqualTo(4);
        assertThat(sleeper.delays).hasSize(3);
        assertThat(sleeper.delays.get(0)).isBetween(80L, 120L);
        assertThat(sleeper.delays.get(1)).isBetween(160L, 240L);
        assertThat(sleeper.delays.get(2)).isBetween(320L, 480L);
    }

    @Test
    void backoffIsCappedByMaxRetryDelay() {
        server.otherwise(Step.azureError(500, "x", "x", null));
        try (FineTuningClient client = client(TestClients.fastOptions()
                .maxRetries(6)
                .baseRetryDelay(Duration.ofMillis(100))
                .maxRetryDelay(Duration.ofMillis(250)))) {
            catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
        }
        assertThat(sleeper.delays).hasSize(6).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(250L));
        assertThat(sleeper.delays.subList(2, 6)).containsOnly(250L);
    }

    @Test
    void maxRetriesZeroMeansOneAttempt() {
        server.otherwise(Step.azureError(503, "x", "x", null));
        try (FineTuningClient client = client(TestClients.fastOptions().maxRetries(0))) {
            assertThat(catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID))
                            .getMessage())
                    .contains("after 1 attempt;");
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void totalTimeIsBoundedByMaxRetryDuration() {
        server.otherwise(Step.azureError(503, "x", "x", null).header("retry-after-ms", "200"));
        long started = System.nanoTime();
        try (FineTuningClient client = TestClients.builder(server.baseUrl())
                .httpOptions(TestClients.fastOptions()
                        .maxRetries(10)
                        .maxRetryDuration(Duration.ofMillis(500))
                        .build())
                .build()) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
            assertThat(e.statusCode()).isEqualTo(503);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(server.requestCount()).isBetween(2, 3);
        assertThat(elapsedMs).isLessThan(2000);
    }

    @Test
    void retryAfterBeyondMaxRetryDelayIsNotWaitedFor() {
        server.enqueue(
                Step.azureError(429, "429", "come back in an hour", null).header("Retry-After", "3600"),
                Step.json(200, JOB));
        try (FineTuningClient client = client(TestClients.fastOptions().maxRetryDelay(Duration.ofSeconds(5)))) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID));
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.getMessage())
                    .contains("Azure is rate limiting requests")
                    .contains("after 1 attempt");
        }
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(sleeper.delays).isEmpty();
    }

    @Test
    void retryAfterBeyondTheRemainingBudgetIsNotWaitedFor() {
        server.enqueue(Step.azureError(503, "503", "busy", null).header("Retry-After", "4"), Step.json(200, JOB));
        try (FineTuningClient client = client(TestClients.fastOptions().maxRetryDuration(Duration.ofSeconds(3)))) {
            assertThat(catchThrowableOfType(FineTuningApiException.class, () -> client.get(ID))
                            .statusCode())
                    .isEqualTo(503);
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void droppedConnectionIsRetried() {
        server.enqueue(Step.closeBeforeHeaders(), Step.resetMidHeaders(), Step.json(200, JOB));
        try (FineTuningClient client = client(TestClients.fastOptions())) {
            assertThat(client.getWithResponse(ID).attempts()).isEqualTo(3);
        }
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(sleeper.delays).hasSize(2);
    }

    @Test
    void pauseWhoseFirstAnswerWasLostSucceedsWhenTheJobIsPausing() {
        server.enqueue(
                Step.closeBeforeHeaders(),
                Step.azureError(400, "invalidJobState", "Job cannot be paused because its status is 'pausing'.", null)
                        .header("apim-request-id", "second"),
                Step.json(200, TestJobs.job(ID, "pausing")));
        try (FineTuningClient client = client(TestClients.fastOptions())) {
            FineTuningResponse<FineTuningJob> response = client.pauseWithResponse(ID);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.attempts()).isEqualTo(2);
            assertThat(response.requestId()).isEqualTo("second");
            assertThat(response.value().status()).isEqualTo(JobStatus.PAUSING);
        }
        assertThat(server.requests()).extracting(ScriptedServer.Request::method).containsExactly("POST", "POST", "GET");
    }

    @Test
    void pauseRefusedAtFirstAttemptIsAnErrorEvenIfTheJobIsPaused() {
        server.enqueue(
                Step.azureError(400, "invalidJobState", "already paused", null),
                Step.json(200, TestJobs.job(ID, "paused")));
        try (FineTuningClient client = client(TestClients.fastOptions())) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.pause(ID));
            assertThat(e.jobStatus()).isEqualTo(JobStatus.PAUSED);
            assertThat(e.getMessage()).contains("its status is 'paused'");
        }
    }

    @Test
    void connectionRefusedIsRetriedThenTransportException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        try (FineTuningClient client = TestClients.builder("http://127.0.0.1:" + closedPort)
                .sleeper(sleeper)
                .build()) {
            FineTuningTransportException e =
                    catchThrowableOfType(FineTuningTransportException.class, () -> client.pause(ID));
            assertThat(e.getMessage())
                    .startsWith("Could not reach http://127.0.0.1:" + closedPort
                            + " (POST /openai/v1/fine_tuning/jobs/ftjob-retry/pause) after 4 attempts in ")
                    .contains("Check the endpoint, the network and the proxy settings.");
            assertThat(e.getCause()).isInstanceOf(ConnectException.class);
        }
        assertThat(sleeper.delays).hasSize(3);
    }

    @Test
    void retryPolicyClassifiesFailures() {
        assertThat(RetryPolicy.isRetryable(new ConnectException())).isTrue();
        assertThat(RetryPolicy.isRetryable(new java.net.SocketException("Connection reset")))
                .isTrue();
        assertThat(RetryPolicy.isRetryable(new SocketTimeoutException())).isTrue();
        assertThat(RetryPolicy.isRetryable(new NoHttpResponseException("x"))).isTrue();
        assertThat(RetryPolicy.isRetryable(new UnknownHostException("x"))).isFalse();
        assertThat(RetryPolicy.isRetryable(new SSLHandshakeException("x"))).isFalse();
        assertThat(RetryPolicy.isRetryable(new java.net.NoRouteToHostException()))
                .isFalse();
        assertThat(RetryPolicy.isRetryable(new IOException("other"))).isFalse();
    }

    @Test
    void retryAfterParsing() {
        long now = 1_000_000L;
        assertThat(RetryPolicy.retryAfterMillis(null, null, now)).isEqualTo(-1);
        assertThat(RetryPolicy.retryAfterMillis("250", null, now)).isEqualTo(250);
        assertThat(RetryPolicy.retryAfterMillis(" 1.5 ", "9", now)).isEqualTo(1);
        assertThat(RetryPolicy.retryAfterMillis("x", "2", now)).isEqualTo(2000);
        assertThat(RetryPolicy.retryAfterMillis(null, "0.5", now)).isEqualTo(500);
        assertThat(RetryPolicy.retryAfterMillis(null, "-1", now)).isEqualTo(-1);
        assertThat(RetryPolicy.retryAfterMillis("Infinity", "Infinity", now)).isEqualTo(-1);
        assertThat(RetryPolicy.retryAfterMillis(null, "Thu, 01 Jan 1970 00:00:00 GMT", now))
                .isZero();
        assertThat(RetryPolicy.retryAfterMillis(null, "Thu, 01 Jan 1970 00:16:50 GMT", now))
                .isEqualTo(10_000);
        assertThat(RetryPolicy.retryAfterMillis(null, "tomorrow", now)).isEqualTo(-1);
    }
}
