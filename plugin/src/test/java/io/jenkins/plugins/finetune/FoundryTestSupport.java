package io.jenkins.plugins.finetune;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.io.IOException;
import java.time.Duration;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** Shared set-up: an emulator with an API key, a Secret text credential for it, global defaults. */
final class FoundryTestSupport {

    static final String API_KEY = "emulator-api-key-4f7c1d2b9e";
    static final String CREDENTIALS_ID = "foundry-key";

    private FoundryTestSupport() {}

    static FineTuningEmulator startEmulator() {
        return FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .pauseDelay(Duration.ofMillis(300))
                .build()
                .start();
    }

    static void addCredentials(Credentials credentials) throws IOException {
        CredentialsProvider.lookupStores(Jenkins.get()).iterator().next().addCredentials(Domain.global(), credentials);
    }

    static void addApiKey(String id, String key) throws IOException {
        addCredentials(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "Foundry API key", Secret.fromString(key)));
    }

    /** Secret text credential {@link #CREDENTIALS_ID} and the emulator as global defaults. */
    static void configureDefaults(FineTuningEmulator emulator) throws IOException {
        addApiKey(CREDENTIALS_ID, API_KEY);
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        config.setEndpoint(emulator.baseUrl());
        config.setCredentialsId(CREDENTIALS_ID);
        config.setMaxRetries(0);
    }
}
