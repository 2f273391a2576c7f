package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures may pass by themselves: what a wait with a distant deadline rides out. */
class TransientFailureTest {

    private static final String KEY = "transient-test-key";

    private FineTuningEmulator emulator;
    private String jobId;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder().apiKey(KEY).build().start();
        jobId = emulator.seedJob(JobSeed.running());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private FineTuningClient client(String endpoint, String key) {
        return FineTuningClient.builder()
                .endpoint(endpoint)
                .credential(new ApiKeyCredential(key))
                .httpOptions(HttpOptions.builder()
                        .maxRetries(0)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void azuresTransientStatusesAreTransient(int status) {
        emulator.faults().next(Fault.status(status));
        try (FineTuningClient client = client(emulator.baseUrl(), KEY)) {
            FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.get(jobId));
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.isTransient()).isTrue();
        }
    }

    @Test
    void answersThatCannotGetBetterAreNot() {
        try (FineTuningClient client = client(emulator.baseUrl(), KEY);
                FineTuningClient wrongKey = client(emulator.baseUrl(), "not-the-key")) {
            FineTuningApiException notFound =
                    catchThrowableOfType(FineTuningApiException.class, () -> client.get("ftjob-missing"));
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.isTransient()).isFalse();
            FineTuningException refused = catchThrowableOfType(FineTuningException.class, () -> wrongKey.get(jobId));
            assertThat(refused.isTransient()).isFalse();
        }
    }

    @Test
    void noAnswerIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FineTuningClient client = client("http://127.0.0.1:" + closedPort, KEY)) {
            FineTuningTransportException e =
                    catchThrowableOfType(FineTuningTransportException.class, () -> client.get(jobId));
            assertThat(e.isTransient()).isTrue();
        }
    }
}
