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
                "--port 8089                 | --api-key KEY is required",
                "--api-key k --port          | --port needs a value",
                "--api-key k --port 70000    | --port must be a whole number from 0 to 65535",
                "--api-key k --jobs many     | --jobs must be a whole number",
                "--api-key k --verbose       | unknown argument: --verbose",
                "--api-key k extra           | unknown argument: extra",
            })
    void refusesBadCommandLines(String commandLine, String message) {
        assertThatThrownBy(() -> CliOptions.parse(commandLine.trim().split(" +")))
                .isInstanceOf(CliOptions.UsageException.class)
                .hasMessageContaining(message);
    }
}
