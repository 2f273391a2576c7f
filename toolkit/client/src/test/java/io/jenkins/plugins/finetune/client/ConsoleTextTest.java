package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleTextTest {

    @Test
    void plainTextIsUnchanged() {
        String text = "Fine-tuning job ftjob-1: running → pausing (model gpt-4.1-mini, ünïcödé)";
        assertThat(ConsoleText.sanitize(text)).isSameAs(text);
        assertThat(ConsoleText.sanitize(null)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "colour (CSI SGR) | '\u001B[31mred\u001B[0m text' | 'red text'",
                "cursor moves and erase | 'a\u001B[2K\u001B[1Ab\u001B[10;20H c' | 'ab c'",
                "title (OSC, BEL) | 'x\u001B]0;owned\u0007y' | 'xy'",
                "hyperlink (OSC 8, ST) | '\u001B]8;;http://evil\u001B\\link\u001B]8;;\u001B\\' | 'link'",
                "two-character escape | 'a\u001Bcb' | 'ab'",
                "8-bit CSI | 'a\u009B2Jb' | 'ab'",
                "unterminated CSI | 'abc\u001B[' | 'abc'",
            })
    void removesTerminalEscapeSequences(String name, String input, String expected) {
        assertThat(ConsoleText.sanitize(input)).isEqualTo(expected);
    }

    @Test
    void showsOtherControlCharactersSoThatOneLineStaysOneLine() {
        assertThat(ConsoleText.sanitize("a\r\nFinished: SUCCESS")).isEqualTo("a\\u000d\\u000aFinished: SUCCESS");
        assertThat(ConsoleText.sanitize("tab\there\u0000\u007f\u0085"))
                .isEqualTo("tab\\u0009here\\u0000\\u007f\\u0085");
        assertThat(ConsoleText.sanitize("line\u2028sep")).isEqualTo("line\\u2028sep");
    }

    @Test
    void showsBidirectionalOverrides() {
        assertThat(ConsoleText.sanitize("ftjob-\u202Egnp.exe")).isEqualTo("ftjob-\\u202egnp.exe");
        assertThat(ConsoleText.sanitize("a\u2066b\u2069")).isEqualTo("a\\u2066b\\u2069");
    }
}
