package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliOptionsTest {
    @Test
    void parsesEveryFlagInBothSpellings() throws Exception {
        CliOptions options = CliOptions.parse(
                "--port",
                "8089",
                "--api-key=KEY",
                "--jobs",
                "5",
                "--latency-ms=50",
                "--pause-delay-ms",
                "10",
                "--resume-delay-ms",
                "20",
                "--bearer-token",
                "t1",
                "--bearer-token=t2",
                "--quiet");

        assertThat(options.port()).isEqualTo(8089);
        assertThat(options.apiKey()).isEqualTo("KEY");
        assertThat(options.jobs()).isEqualTo(5);
        assertThat(options.seeds())
                .singleElement()
                .satisfies(group -> assertThat(group.status()).isEqualTo("running"));
        assertThat(options.latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.pauseDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(options.resumeDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(options.bearerTokens()).containsExactly("t1", "t2");
        assertThat(options.quiet()).isTrue();
        assertThat(options.toString()).doesNotContain("KEY").doesNotContain("t1");
    }

    @Test
    void defaults() throws Exception {
        CliOptions options = CliOptions.parse("--api-key", "k");

        assertThat(options.port()).isEqualTo(8089);
        assertThat(options.jobs()).isEqualTo(3);
        assertThat(options.pauseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(CliOptions.parse("--help").help()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--port 8089                 | --api-key KEY (or --api-key-env NAME) is required",
                "--api-key k --port          | --port needs a value",
                "--api-key k --port 70000    | --port must be a whole number from 0 to 65535",
                "--api-key k --jobs many     | --jobs takes a number or STATUS=COUNT pairs",
                "--api-key k --jobs runing=2 | --jobs: 'runing' is not a job status; use one of cancelled, failed,",
                "--api-key k --jobs paused=x | --jobs must be a whole number from 0 to 10000, not 'x'",
                "--api-key k --jobs 10001    | --jobs must be a whole number from 0 to 10000",
                "--api-key k --metadata a    | --metadata takes KEY=VALUE",
                "--api-key k --verbose       | unknown option: --verbose",
                "--api-key k sk-secret123    | unexpected argument (not repeated here, in case it is a secret)",
                "--api-key k --api-key-env E | --api-key and --api-key-env: give one of them, not both",
                "--api-key-env NOT_SET_X     | --api-key-env: environment variable NOT_SET_X is not set or empty",
                "--api-key k --jobs-file /nonexistent/jobs.json | --jobs-file /nonexistent/jobs.json cannot be read",
                "--api-key k --jobs-file /nonexistent/j.json --suffix a | cannot be read",
            })
    void refusesBadCommandLines(String commandLine, String message) {
        assertThatThrownBy(
                        () -> CliOptions.parse(name -> null, commandLine.trim().split(" +")))
                .isInstanceOf(CliOptions.UsageException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("sk-secret123");
    }
}
