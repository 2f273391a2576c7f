package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.FineTuningTransportException;
import io.jenkins.plugins.finetune.client.FineTuningWaitTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class UnitsTest {

    @Test
    void secondsAcceptFractions() {
        Seconds seconds = new Seconds();
        assertThat(seconds.convert("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(seconds.convert("0.25")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> seconds.convert("0")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> seconds.convert("soon")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> seconds.convert("1e9")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void tableAlignsAndFlattensCells() {
        String text = new Table("A", "LONGER", "C")
                .row("xxxx", null, "multi\nline")
                .row("y", "z", "")
                .render();
        assertThat(text.lines()).containsExactly("A     LONGER  C", "xxxx  -       multi line", "y     z       -");
    }

    @Test
    void exitCodes() {
        assertThat(ExitCodes.of(new IllegalArgumentException("x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new UsageException("x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new FineTuningWaitTimeoutException("x", null))).isEqualTo(5);
        assertThat(ExitCodes.of(new FineTuningTransportException("x", null))).isEqualTo(4);
        assertThat(ExitCodes.of(new IllegalStateException("x"))).isEqualTo(1);
    }

    @Test
    void secretLookingNames() {
        assertThat(EnvCredentials.looksLikeSecret("AZURE_OPENAI_API_KEY")).isFalse();
        assertThat(EnvCredentials.looksLikeSecret("FT_KEY")).isFalse();
        assertThat(EnvCredentials.looksLikeSecret("0123456789abcdef0123456789abcdef"))
                .isTrue();
    }
}
