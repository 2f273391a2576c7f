package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    private FineTuningEmulator emu;
    private Api api;

    @BeforeEach
    void start() {
        emu = FineTuningEmulator.builder().apiKey("secret-key").build().start();
        api = new Api(emu, "secret-key");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void recordsWhatTheClientSentSecretsIncluded() {
        String id = emu.seedJob(JobSeed.running());
        api.send(api.request(Api.V1 + "/" + id + "/pause?api-version=v1")
                .header("X-Custom", "yes")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

        RecordedRequest request = emu.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(Api.V1 + "/" + id + "/pause");
        assertThat(request.query()).isEqualTo("api-version=v1");
        assertThat(request.queryParameter("api-version")).isEqualTo("v1");
        assertThat(request.header("API-KEY")).isEqualTo("secret-key");
        assertThat(request.headers()).containsKey("x-custom");
        assertThat(request.body()).isEqualTo("{}");
        assertThat(request.receivedAt()).isNotNull();
        assertThat(request.toString()).doesNotContain("secret-key").contains("api-key=****");
    }

    @Test
    void countsAndClears() {
        api.get(Api.V1);
        api.get(Api.V1 + "/nope");
        new Api(emu, null).get(Api.V1);

        assertThat(emu.requestCount()).isEqualTo(3);
        assertThat(emu.requests()).extracting(RecordedRequest::path).containsExactly(Api.V1, Api.V1 + "/nope", Api.V1);
        emu.clearRequests();
        assertThat(emu.requestCount()).isZero();
        assertThat(emu.requests()).isEmpty();
    }

    @Test
    void countsTheConnectionsRequestsArriveOn() {
        Api reusing = new Api(emu, "secret-key");
        for (int i = 0; i < 5; i++) {
            assertThat(reusing.get(Api.V1).status()).isEqualTo(200);
        }
        assertThat(emu.connectionsSeen()).as("one client, keep-alive").isEqualTo(1);

        for (int i = 0; i < 3; i++) {
            assertThat(new Api(emu, "secret-key").get(Api.V1).status()).isEqualTo(200);
        }
        assertThat(emu.connectionsSeen()).as("a new client, a new connection").isEqualTo(4);
        assertThat(emu.requestCount()).isEqualTo(8);
    }
}
