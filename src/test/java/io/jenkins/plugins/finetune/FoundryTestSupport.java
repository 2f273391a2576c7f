package io.jenkins.plugins.finetune;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.calls.Clients;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Shared set-up: an emulator with an API key, a Secret text credential for it, global defaults. Test classes
 * annotated {@code @WithJenkins} extend it to get {@link #j} and a started, configured {@link #emulator}
 * before their own {@code @BeforeEach} methods run; the static helpers serve the others too.
 */
public abstract class FoundryTestSupport {

    public static final String API_KEY = "emulator-api-key-4f7c1d2b9e";
    public static final String CREDENTIALS_ID = "foundry-key";

    protected JenkinsRule j;
    protected FineTuningEmulator emulator;

    @BeforeEach
    public void startEmulatorWithDefaults(JenkinsRule rule) throws Exception {
        j = rule;
        allowLoopbackHttp(true);
        emulator = startEmulator();
        configureDefaults(emulator);
    }

    @AfterEach
    public void closeEmulator() {
        emulator.close();
        allowLoopbackHttp(false);
    }

    /** The emulator speaks plain http on loopback, which Jenkins refuses unless this system property is set. */
    public static void allowLoopbackHttp(boolean allow) {
        if (allow) {
            System.setProperty(Clients.ALLOW_LOOPBACK_HTTP, "true");
        } else {
            System.clearProperty(Clients.ALLOW_LOOPBACK_HTTP);
        }
    }

    /** Runs {@code script} as a sandboxed Pipeline and checks the build's result. */
    protected WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true)); // sandboxed
        return j.buildAndAssertStatus(expected, p);
    }

    /** {@code count} running jobs with {@code pause_at_night=true} and the suffixes {@code nightly-0}, ... */
    protected List<String> seedTaggedRunningJobs(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(emulator.seedJob(JobSeed.running().suffix("nightly-" + i).metadata("pause_at_night", "true")));
        }
        return ids;
    }

    public static FineTuningEmulator startEmulator() {
        return FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .pauseDelay(Duration.ofMillis(300))
                .build()
                .start();
    }

    public static void addCredentials(Credentials credentials) throws IOException {
        CredentialsProvider.lookupStores(Jenkins.get()).iterator().next().addCredentials(Domain.global(), credentials);
    }

    public static void addApiKey(String id, String key) throws IOException {
        addCredentials(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "Foundry API key", Secret.fromString(key)));
    }

    /**
     * Turns off <em>Only allow the endpoints of configured resources</em> (on by default), for a test whose steps
     * name an endpoint no resource has; the one place tests do so.
     */
    public static void allowUnconfiguredEndpoints() {
        FoundryFineTuningConfiguration.get().setRestrictEndpoints(false);
    }

    /** Secret text credential {@link #CREDENTIALS_ID} and the emulator as global defaults. */
    public static void configureDefaults(FineTuningEmulator emulator) throws IOException {
        addApiKey(CREDENTIALS_ID, API_KEY);
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        config.setEndpoint(emulator.baseUrl());
        config.setCredentialsId(CREDENTIALS_ID);
        config.setMaxRetries(0);
    }
}
