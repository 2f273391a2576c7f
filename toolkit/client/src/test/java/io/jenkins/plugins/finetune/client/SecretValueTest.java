package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The holder of every secret the client keeps: never printed, never serializable. */
class SecretValueTest {

    @Test
    void neverShowsTheSecretAndCannotBeSerialized() {
        SecretValue secret = SecretValue.of("sk-very-secret");

        assertThat(secret.reveal()).isEqualTo("sk-very-secret");
        assertThat(secret.toString()).isEqualTo("****");
        assertThat(secret).isNotInstanceOf(Serializable.class);
    }

    @Test
    void theClassesHoldingSecretsHideThem() {
        assertThat(new AccessToken("eyJ.token", Instant.EPOCH).toString()).doesNotContain("eyJ.token");
        assertThat(new ApiKeyCredential("sk-key").toString()).doesNotContain("sk-key");
        assertThat(ProxyOptions.builder("proxy.example", 3128)
                        .credentials("user", "proxy-pass")
                        .build()
                        .toString())
                .doesNotContain("proxy-pass");
        assertThat(ProxyOptions.builder("proxy.example", 3128)
                        .credentials("user", "proxy-pass")
                        .build()
                        .password())
                .isEqualTo("proxy-pass");
    }
}
