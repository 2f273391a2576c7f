package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Messages name options as typed, say each thing once, and fit a command line (not Jenkins). */
class WordingTest {

    private static final String KEY = "wording-secret-0c4e";
    private static final String TOKEN = "wording-token-9d1b";

    private static FineTuningEmulator emulator;
    private static final Cli CLI = new Cli(
            Map.of("FT_KEY", KEY, "WRONG", "wrong-key-5e6f", "BAD_TOKEN", "bad-token-1a2b"),
            List.of(KEY, TOKEN, "wrong-key-5e6f", "bad-token-1a2b"));

    @BeforeAll
    static void start() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .bearerToken(TOKEN)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Cli.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", emulator.baseUrl()));
        if (all.stream().noneMatch(a -> a.endsWith("-env"))) {
            all.addAll(List.of("--api-key-env", "FT_KEY"));
        }
        return CLI.run(all.toArray(String[]::new));
    }

    @Test
    void aRejectedKeySaysTheStatusOnceAndAdvisesAboutKeys() {
        Cli.Run run = run("get", "ftjob-1", "--api-key-env", "WRONG");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err())
                .contains("(HTTP 401: ")
                .doesNotContain("401 401")
                .contains("Check that the key is one of the two keys of the resource at " + emulator.baseUrl())
                .doesNotContain("a key of 127.0.0.1")
                .doesNotContain("service principal");
    }

    @Test
    void aRejectedTokenAdvisesAboutTokensNotKeys() {
        Cli.Run run = run("get", "ftjob-1", "--token-env", "BAD_TOKEN");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err())
                .contains("Check that the Microsoft Entra ID token has not expired")
                .doesNotContain("key of")
                .doesNotContain("keys of the resource");
    }

    @Test
    void optionsAreNamedAsTyped() {
        assertThat(run("get", "ftjob/x").err()).startsWith("error: JOB_ID: ");
        assertThat(run("get", "ftjob-1", "--max-retries", "99").err()).startsWith("error: --max-retries: ");
        assertThat(run("list", "--limit", "0").err()).startsWith("error: --limit: ");
        assertThat(run("list", "--after", "a/b").err()).startsWith("error: --after: ");
        assertThat(run("events", "ftjob-1", "--after", "a/b").err()).startsWith("error: --after: 'a/b' is not");
        assertThat(run("events", "a/b").err()).startsWith("error: JOB_ID: 'a/b' is not");
        assertThat(run("pause-jobs", "--job-id", "a/b").err()).startsWith("error: --job-id: ");
        assertThat(run("pause-jobs", "--all", "--concurrency", "0").err()).startsWith("error: --concurrency: ");
        assertThat(run("get", "ftjob-1", "--api-version", "v9").err()).startsWith("error: --api-version: ");
        for (String message : List.of(
                run("get", "ftjob/x").err(),
                run("get", "ftjob-1", "--max-retries", "99").err())) {
            assertThat(message).doesNotContain("jobId:", "maxRetries:", "limit:");
        }
    }

    @Test
    void anEndpointWithAPasswordIsRefusedInTermsThatFitTheCli() {
        Cli.Run run = CLI.run(
                "get", "ftjob-1", "--endpoint", "https://user:hunter2pass@example.com", "--api-key-env", "FT_KEY");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: --endpoint: must not contain a user name or password")
                .doesNotContain("Jenkins")
                .doesNotContain("hunter2pass");
    }

    @Test
    void cancelNamesTheNewStatusWithoutAQuestionMark() {
        String id = emulator.seedJob(JobSeed.running());

        Cli.Run run = run("cancel", id);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("Fine-tuning job " + id + ": cancelled (cancel requested")
                .doesNotContain("?");
    }

    @Test
    void noMessageAnywhereTalksAboutJenkins() {
        for (Cli.Run run : List.of(
                run("get", "ftjob-1", "--api-key-env", "WRONG"),
                CLI.run("get", "x", "--endpoint", "https://a:b@example.com"),
                run("pause-jobs"))) {
            assertThat(run.err()).doesNotContain("Jenkins");
        }
    }

    @Test
    void serverTextLosesItsControlCharacters() {
        String id = emulator.seedJob(JobSeed.running().suffix("evil"));
        emulator.faults()
                .next(io.jenkins.plugins.finetune.emulator.Fault.respond(
                                404,
                                Map.of("Content-Type", "application/json"),
                                "{\"error\":{\"code\":\"notFound\",\"message\":\"gone\\u001b[2J\\u001b]0;pwned\\u0007\"}}")
                        .onlyFor("GET", id));

        Cli.Run run = run("get", id);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).doesNotContain("\u001b").doesNotContain("\u0007");
    }
}
