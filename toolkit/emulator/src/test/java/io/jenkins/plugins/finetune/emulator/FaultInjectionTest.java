package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault kind, as a client sees it. */
class FaultInjectionTest {
    private FineTuningEmulator emu;
    private Api api;
    private Api raw;
    private String id;

    @BeforeEach
    void start() {
        emu = FineTuningEmulator.builder()
                .apiKey("k")
                .pauseDelay(Duration.ZERO)
                .build()
                .start();
        api = new Api(emu, "k");
        raw = api.withoutValidation();
        id = emu.seedJob(JobSeed.running());
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void statusFaultAnswersInsteadOfTheServiceAndChangesNothing() {
        emu.faults().next(Fault.status(503).header("Retry-After", "1"));

        Api.Answer answer = api.post(Api.V1 + "/" + id + "/pause"); // still an AzureErrorResponse: validated

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        assertThat(answer.header("apim-request-id")).isNotBlank();
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("503");
        assertThat(emu.job(id).status()).isEqualTo("running");
        assertThat(api.post(Api.V1 + "/" + id + "/pause").jobStatus())
                .as("the retry goes through")
                .isEqualTo("paused");
        assertThat(emu.faults().pending()).isZero();
    }

    @Test
    void faultsAreUsedInOrderAndCanRepeat() {
        emu.faults().next(2, Fault.status(429).header("retry-after-ms", "10")).next(Fault.status(500));

        assertThat(raw.get(Api.V1).status()).isEqualTo(429);
        assertThat(raw.get(Api.V1).header("retry-after-ms")).isEqualTo("10");
        assertThat(raw.get(Api.V1).status()).isEqualTo(500);
        assertThat(raw.get(Api.V1).status()).isEqualTo(200);
    }

    @Test
    void respondSetsExactlyTheGivenStatusHeadersAndBody() {
        emu.faults()
                .next(Fault.respond(502, Map.of("Content-Type", "text/html"), "<html><body>Bad Gateway</body></html>"));

        Api.Answer answer = raw.get(Api.V1);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.contentType()).isEqualTo("text/html");
        assertThat(answer.body()).isEqualTo("<html><body>Bad Gateway</body></html>");
    }

    @Test
    void html500ForAGatewayPage() {
        emu.faults().next(Fault.status(500).header("Content-Type", "text/html").body("<h1>500</h1>"));

        Api.Answer answer = raw.post(Api.V1 + "/" + id + "/pause");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("<h1>500</h1>");
    }

    @Test
    void filteredFaultsWaitForAMatchingRequest() {
        emu.faults().next(Fault.status(503).onlyFor("POST", "/pause"));

        assertThat(raw.get(Api.V1 + "/" + id).status()).isEqualTo(200);
        assertThat(raw.post(Api.V1 + "/" + id + "/cancel").status()).isEqualTo(200);
        String other = emu.seedJob(JobSeed.running());
        assertThat(raw.post(Api.V1 + "/" + other + "/pause").status()).isEqualTo(503);
        assertThat(emu.faults().pending()).isZero();
    }

    @Test
    void delayAnswersNormallyButLate() {
        emu.faults().next(Fault.delay(Duration.ofMillis(300)));

        long started = System.nanoTime();
        Api.Answer answer = api.post(Api.V1 + "/" + id + "/pause");

        assertThat(answer.jobStatus()).isEqualTo("paused");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void malformedBodyIs200WithUnparseableJson() {
        emu.faults().next(Fault.malformedBody());

        Api.Answer answer = raw.get(Api.V1 + "/" + id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThatThrownBy(() -> Api.MAPPER.readTree(answer.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void resetConnectionClosesWithoutAResponse() {
        emu.faults().next(Fault.resetConnection());

        assertThatThrownBy(() -> raw.post(Api.V1 + "/" + id + "/pause"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(emu.job(id).status()).isEqualTo("running");
        assertThat(raw.post(Api.V1 + "/" + id + "/pause").status()).isEqualTo(200);
    }

    @Test
    void jdkHttpClientRetriesAGetOnceWhenTheConnectionClosesWithoutResponse() {
        // Worth knowing when testing a retrying client: the JDK client itself retries idempotent requests once
        // when the connection closes before any response byte, so one reset is invisible to a GET.
        emu.faults().next(Fault.resetConnection());
        assertThat(raw.get(Api.V1).status()).isEqualTo(200);
        assertThat(emu.requestCount()).isEqualTo(2);

        emu.faults().next(2, Fault.resetConnection());
        assertThatThrownBy(() -> raw.get(Api.V1)).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void hangOutlastsTheClientTimeout() {
        emu.faults().next(Fault.hang());

        HttpRequest request =
                raw.request(Api.V1).timeout(Duration.ofMillis(300)).GET().build();
        assertThatThrownBy(() -> raw.http().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(raw.get(Api.V1).status()).isEqualTo(200);
    }

    @Test
    void hangEndsWhenItsBoundPassesWithNoResponse() {
        emu.faults().next(Fault.hang(Duration.ofMillis(200)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> raw.post(Api.V1 + "/" + id + "/pause")).hasCauseInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void closingTheEmulatorReleasesAHangingRequest() throws Exception {
        emu.faults().next(Fault.hang());
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> pending =
                client.sendAsync(raw.request(Api.V1).GET().build(), HttpResponse.BodyHandlers.ofString());
        awaitRequests(1);

        long started = System.nanoTime();
        emu.close();

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void globalLatencyAppliesToEveryRequestAndCanChange() {
        emu.latency(Duration.ofMillis(150));
        long started = System.nanoTime();
        raw.get(Api.V1);
        raw.get(Api.V1 + "/nope");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        emu.latency(Duration.ZERO);
        started = System.nanoTime();
        raw.get(Api.V1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(150));
    }

    @Test
    void faultsDescribeThemselvesAndRejectNonsense() {
        assertThat(Fault.status(503)
                        .header("Retry-After", "1")
                        .onlyFor("post", "/pause")
                        .toString())
                .isEqualTo("Fault[status 503 {Retry-After=1} onlyFor POST */pause*]");
        assertThatThrownBy(() -> Fault.status(42)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.delay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        emu.faults().next(3, Fault.malformedBody());
        emu.faults().clear();
        assertThat(emu.faults().pending()).isZero();
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (emu.requestCount() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(emu.requestCount()).isGreaterThanOrEqualTo(count);
    }
}
