package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
    private FineTuningEmulator emu;
    private String id;

    @BeforeEach
    void start() {
        emu = FineTuningEmulator.builder()
                .apiKey("right-key")
                .bearerToken("entra-token")
                .build()
                .start();
        id = emu.seedJob(JobSeed.running());
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void missingKeyIs401WithAzuresAccessDeniedBody() {
        Api.Answer answer = new Api(emu, null).post(Api.V1 + "/" + id + "/pause");

        assertThat(answer.status()).isEqualTo(401);
        JsonNode error = answer.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("401");
        assertThat(error.path("message").asText())
                .startsWith("Access denied due to invalid subscription key or wrong API endpoint.");
        assertThat(emu.job(id).status()).as("refused requests change nothing").isEqualTo("running");
    }

    @Test
    void wrongKeyIs401() {
        assertThat(new Api(emu, "wrong-key").get(Api.V1).status()).isEqualTo(401);
        assertThat(new Api(emu, "right-key").get(Api.V1).status()).isEqualTo(200);
    }

    @Test
    void bearerTokensAreAcceptedWhenRegistered() {
        Api anonymous = new Api(emu, null);

        assertThat(anonymous
                        .send(anonymous
                                .request(Api.V1)
                                .header("Authorization", "Bearer entra-token")
                                .GET())
                        .status())
                .isEqualTo(200);
        assertThat(anonymous
                        .send(anonymous
                                .request(Api.V1)
                                .header("Authorization", "Bearer later")
                                .GET())
                        .status())
                .isEqualTo(401);
        emu.acceptBearerToken("later");
        assertThat(anonymous
                        .send(anonymous
                                .request(Api.V1)
                                .header("Authorization", "bearer later")
                                .GET())
                        .status())
                .isEqualTo(200);
        assertThat(anonymous
                        .send(anonymous
                                .request(Api.V1)
                                .header("Authorization", "Basic right-key")
                                .GET())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aCredentialIsRequiredToBuild() {
        assertThatThrownBy(() -> FineTuningEmulator.builder().build()).isInstanceOf(IllegalStateException.class);
        try (FineTuningEmulator bearerOnly =
                FineTuningEmulator.builder().bearerToken("t").build().start()) {
            assertThat(new Api(bearerOnly, "").get(Api.V1).status()).isEqualTo(401);
        }
    }

    @Test
    void toStringsNeverShowTheKey() {
        assertThat(emu.toString()).doesNotContain("right-key").contains(emu.baseUrl());
        assertThat(FineTuningEmulator.builder().apiKey("right-key").toString()).doesNotContain("right-key");
    }

    @Test
    void aRegeneratedKeyReplacesTheOldOne() {
        Api old = new Api(emu, "right-key");
        assertThat(old.get(Api.V1).status()).isEqualTo(200);

        emu.apiKey("regenerated-key");

        assertThat(old.get(Api.V1).status()).isEqualTo(401);
        assertThat(new Api(emu, "regenerated-key").get(Api.V1).status()).isEqualTo(200);
        assertThatThrownBy(() -> emu.apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
