package io.jenkins.plugins.finetune.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Clients tuned for tests: short timeouts, millisecond backoff, so every failure path ends fast. */
final class TestClients {

    static final String API_KEY = "test-key-0123456789";

    private TestClients() {}

    static HttpOptions.Builder fastOptions() {
        return HttpOptions.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(3))
                .maxRetries(3)
                .baseRetryDelay(Duration.ofMillis(5))
                .maxRetryDelay(Duration.ofSeconds(5))
                .maxRetryDuration(Duration.ofSeconds(20));
    }

    static FineTuningClientBuilder builder(String endpoint) {
        return FineTuningClient.builder()
                .endpoint(endpoint)
                .credential(new ApiKeyCredential(API_KEY))
                .httpOptions(fastOptions().build());
    }

    static FineTuningClient client(String endpoint) {
        return builder(endpoint).build();
    }

    /** A sleeper that records the delays asked for and does not sleep. */
    static final class RecordingSleeper implements HttpPipeline.Sleeper {
        final List<Long> delays = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(long millis) {
            delays.add(millis);
        }
    }
}
