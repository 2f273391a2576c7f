package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A secret typed as an argument is refused without a trace of its value, and with the way to do it right. */
class SecretArgumentsTest {

    private static final String SECRET = "sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    /** Fails any run whose stdout or stderr holds the secret, or any 8 characters of it. */
    private final Cli cli =
            new Cli(Map.of(), List.of(SECRET, SECRET.substring(3, 11), SECRET.substring(12, 20), SECRET.substring(26)));

    @ParameterizedTest
    @ValueSource(strings = {"--api-key", "--token", "--key", "--password", "--secret", "--api_key", "--API-KEY"})
    void aSecretOptionIsRefusedWithOrWithoutEquals(String option) {
        for (List<String> args : List.of(
                List.of("get", "ftjob-1", option, SECRET),
                List.of("get", "ftjob-1", option + "=" + SECRET),
                List.of("pause-jobs", option, SECRET, "--all"),
                List.of(option, SECRET))) {
            Cli.Run run = cli.run(args.toArray(String[]::new));

            assertThat(run.exitCode()).as("%s", args).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err())
                    .as("%s", args)
                    .startsWith("error: " + option + ": secrets are not taken as arguments")
                    .contains("--api-key-env NAME", "--token-env NAME");
            assertThat(run.err().strip().lines()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--frobnicate", "--api-kee", "-x"})
    void anUnknownOptionIsNamedButItsValueIsNot(String option) {
        Cli.Run separate = cli.run("get", "ftjob-1", option, SECRET);
        Cli.Run joined = cli.run("get", "ftjob-1", option + "=" + SECRET);

        assertThat(separate.exitCode()).isEqualTo(2);
        assertThat(separate.err())
                .startsWith("error: unknown option " + option + " (and 1 argument not repeated here)");
        assertThat(joined.exitCode()).isEqualTo(2);
        assertThat(joined.err()).startsWith("error: unknown option " + option);
        assertThat(joined.err()).doesNotContain("argument not repeated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "pause-jobs"})
    void anUnexpectedValueIsCountedNotShown(String command) {
        Cli.Run run = cli.run(command, SECRET);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: unexpected 1 argument (not repeated here, in case it is a secret)");
    }

    @org.junit.jupiter.api.Test
    void aNearMissIsAnsweredWithTheOptionMeant() {
        Cli.Run run = cli.run("get", "ftjob-1", "--api-key-evn", "FT_KEY");

        assertThat(run.err()).contains("unknown option --api-key-evn", "did you mean --api-key-env");
    }

    @org.junit.jupiter.api.Test
    void withJsonOutputTheRefusalIsJsonToo() throws Exception {
        Cli.Run run = cli.run("get", "ftjob-1", "-o", "json", "--api-key=" + SECRET);

        assertThat(run.exitCode()).isEqualTo(2);
        var error = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.err())
                .path("error");
        assertThat(error.path("exit_code").asInt()).isEqualTo(2);
        assertThat(error.path("kind").asText()).isEqualTo("usage");
        assertThat(error.path("message").asText()).startsWith("--api-key: secrets are not taken as arguments");
    }
}
