package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code rateLimit(n)} / {@code --rate-limit-rps n}: a token bucket per credential, refused with Azure's 429. */
class RateLimitTest {
    private FineTuningEmulator emu;

    @AfterEach
    void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    @Test
    void beyondItsRateAKeyGets429WithAzuresRetryHints() throws Exception {
        // 2 per second: a burst of 2, then one token every 500 ms.
        emu = FineTuningEmulator.builder().apiKey("k").rateLimit(2).build().start();
        Api api = new Api(emu, "k");

        assertThat(api.get(Api.V1).status()).isEqualTo(200);
        assertThat(api.get(Api.V1).status()).isEqualTo(200);
        Api.Answer refused = api.get(Api.V1);

        assertThat(refused.status()).isEqualTo(429);
        long retryAfterMs = Long.parseLong(refused.header("retry-after-ms"));
        assertThat(retryAfterMs).isBetween(1L, 500L);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("429");
        assertThat(refused.json().path("error").path("message").asText()).contains("Please retry after 1 second.");
        assertThat(refused.header("apim-request-id")).isNotBlank();
        assertThat(emu.throttledRequests()).isEqualTo(1);

        Thread.sleep(retryAfterMs + 20); // the hint is when the next token is there
        assertThat(api.get(Api.V1).status()).isEqualTo(200);
        assertThat(emu.throttledRequests()).isEqualTo(1);
    }

    @Test
    void eachCredentialHasItsOwnBucketAndStrangersSpendNone() {
        emu = FineTuningEmulator.builder()
                .apiKey("k")
                .bearerToken("token-1")
                .rateLimit(1)
                .build()
                .start();
        Api stranger = new Api(emu, "wrong-key");
        for (int i = 0; i < 3; i++) {
            assertThat(stranger.get(Api.V1).status()).isEqualTo(401);
        }
        Api key = new Api(emu, "k");
        assertThat(key.get(Api.V1).status()).isEqualTo(200);
        assertThat(key.get(Api.V1).status()).isEqualTo(429);

        Api bearer = new Api(emu, null);
        Api.Answer withToken = bearer.send(
                bearer.request(Api.V1).header("Authorization", "Bearer token-1").GET());
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(emu.throttledRequests()).isEqualTo(1);
    }

    @Test
    void aRunningEmulatorCanBeLimitedAndFreedAgain() {
        emu = FineTuningEmulator.builder().apiKey("k").build().start();
        Api api = new Api(emu, "k");
        for (int i = 0; i < 5; i++) {
            assertThat(api.get(Api.V1).status()).isEqualTo(200);
        }

        emu.rateLimit(1);
        assertThat(api.get(Api.V1).status()).isEqualTo(200);
        assertThat(api.get(Api.V1).status()).isEqualTo(429);

        emu.rateLimit(0);
        assertThat(api.get(Api.V1).status()).isEqualTo(200);
        assertThat(emu.throttledRequests()).isZero();
        assertThatThrownBy(() -> emu.rateLimit(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate limit");
    }

    @Test
    void countsTheRequestsInFlight() {
        emu = FineTuningEmulator.builder()
                .apiKey("k")
                .latency(Duration.ofMillis(500))
                .build()
                .start();
        Api api = new Api(emu, "k");
        // HTTP/1.1: one connection per request, so the five are on the server at once.
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpRequest request = api.request(Api.V1).GET().build();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        answers.forEach(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));

        assertThat(emu.peakRequestsInFlight()).isEqualTo(5);
        assertThat(emu.requestsInFlight()).isZero();
    }

    @Test
    void theStandaloneEmulatorAppliesTheLimitFromItsCommandLine() throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        emu = EmulatorMain.start(
                CliOptions.parse("--api-key", "k", "--port", "0", "--jobs", "1", "--rate-limit-rps", "1", "--quiet"),
                new PrintStream(banner, true, StandardCharsets.UTF_8));
        assertThat(banner.toString(StandardCharsets.UTF_8))
                .contains("limit:    1 requests/s per key, then 429 with Retry-After");
        Api api = new Api(emu, "k");

        assertThat(api.get(Api.V1).status()).isEqualTo(200);
        assertThat(api.get(Api.V1).status()).isEqualTo(429);
    }

    @Test
    void theCommandLineTakesTheRatePerSecond() throws Exception {
        assertThat(CliOptions.parse("--api-key", "k").rateLimitRps()).isZero();
        assertThat(CliOptions.parse("--api-key", "k", "--rate-limit-rps", "200").rateLimitRps())
                .isEqualTo(200);
        assertThat(CliOptions.parse("--api-key", "k", "--rate-limit-rps=5").rateLimitRps())
                .isEqualTo(5);
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--rate-limit-rps", "-1"))
                .isInstanceOf(CliOptions.UsageException.class)
                .hasMessage("--rate-limit-rps must be a whole number from 0 to 1000000, not '-1'");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--rate-limit-rps"))
                .hasMessage("--rate-limit-rps needs a value");
    }
}
