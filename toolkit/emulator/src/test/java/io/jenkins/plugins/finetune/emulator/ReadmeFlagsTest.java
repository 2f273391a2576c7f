package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's flag table lists every flag the usage text (what main accepts) lists. */
class ReadmeFlagsTest {

    @Test
    void everyFlagOfTheUsageIsInTheReadmeTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher flags = Pattern.compile("^ {2}(--[a-z-]+)", Pattern.MULTILINE).matcher(CliOptions.USAGE);
        List<String> missing = flags.results()
                .map(m -> m.group(1))
                .filter(flag -> !flag.equals("--help"))
                .filter(flag -> !readme.contains("| `" + flag) && !readme.contains(", `" + flag))
                .toList();
        assertThat(missing).as("flags missing from the README's table").isEmpty();
    }
}
