package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Benchmarks send 64+ requests at once with injected latency: they must overlap, not queue. */
class ConcurrencyTest {
    @Test
    void sixtyFourSlowRequestsRunInParallel() {
        try (FineTuningEmulator emu = FineTuningEmulator.builder()
                .apiKey("k")
                .latency(Duration.ofMillis(300))
                .pauseDelay(Duration.ZERO)
                .build()
                .start()) {
            List<String> ids = emu.seedRunningJobs(64);
            Api api = new Api(emu, "k").withoutValidation();
            HttpClient client = HttpClient.newHttpClient();

            long started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (String id : ids) {
                answers.add(client.sendAsync(
                        api.request(Api.V1 + "/" + id + "/pause")
                                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            answers.forEach(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("64 x 300 ms in parallel").isLessThan(Duration.ofSeconds(3));
            ids.forEach(id -> assertThat(emu.job(id).status()).isEqualTo("paused"));
            assertThat(emu.requestCount()).isEqualTo(64);
        }
    }
}
