package io.jenkins.plugins.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Build-time text of the packages that moved it to {@code Messages.properties} stays there: no failure message or
 * build-log line starts with a string literal. Read from the sources (the text of a literal is gone from the
 * compiled call). Field names as prefixes ({@code name + ": " + cause}) and data (map keys, statuses) are not text.
 */
class BuildTextTest {

    private static final Path MAIN = Path.of("src", "main", "java", "io", "jenkins", "plugins", "finetune");

    /** The packages whose build-time text is in {@code Messages}; others join once theirs has moved. */
    private static final List<String> PACKAGES = List.of("changes", "steps", "stepexecutions", "waiting");

    /** A failure message, a build-log line or the text of a call ("Could not …") that starts with a literal. */
    private static final Pattern LITERAL_TEXT =
            Pattern.compile("new\\s+(?:AbortException|IllegalArgumentException|IllegalStateException)\\(\\s*\""
                    + "|\\b(?:println|accept|log)\\(\\s*\""
                    + "|FoundryCall\\.run\\((?:[^;\",]*,){3}\\s*\"");

    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

    @Test
    void noLiteralTextInTheMigratedPackages() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String pkg : PACKAGES) {
            try (Stream<Path> sources = Files.list(MAIN.resolve(pkg))) {
                for (Path source :
                        sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    found.addAll(literalText(source, Files.readString(source, StandardCharsets.UTF_8)));
                }
            }
        }
        assertTrue(files >= 20, "the sources of " + PACKAGES + " were read from " + MAIN.toAbsolutePath());
        assertEquals(
                List.of(),
                found,
                "build-time text goes in Messages.properties (a key named by what it says, the values as {0}, {1}):");
    }

    /** The rule finds each form of literal text, across line breaks, and not in comments. */
    @Test
    void theRuleSeesLiteralText() {
        String source = String.join(
                "\n",
                "/** e.g. throw new AbortException(\"in a comment\") */",
                "throw new AbortException(\"Bulk \" + verb);",
                "throw new IllegalArgumentException(",
                "        \"until: blank\");",
                "listener.getLogger().println(\"Waiting\");",
                "log.accept(\"Waiting for \" + n);",
                "FoundryCall.run(target, run, listener, \"read job\", client -> client.get(id));",
                "FoundryCall.run(",
                "        target,",
                "        run(),",
                "        null,",
                "        \"list jobs\",",
                "        client -> client.list());",
                "throw new AbortException(Messages.BulkInvocation_Failed(verb, summary));",
                "throw new IllegalArgumentException(name + \": \" + e.getMessage(), e);",
                "FoundryCall.run(target, run, null, Messages.JobWatch_ReadJob(id), client -> latest(client, \"x\"));",
                "arguments.put(\"jobIds\", ids);");
        List<String> found = literalText(Path.of("Example.java"), source);
        assertEquals(
                List.of(
                        "Example.java:2: throw new AbortException(\"Bulk \" + verb);",
                        "Example.java:3: throw new IllegalArgumentException(",
                        "Example.java:5: listener.getLogger().println(\"Waiting\");",
                        "Example.java:6: log.accept(\"Waiting for \" + n);",
                        "Example.java:7: FoundryCall.run(target, run, listener, \"read job\", client -> client.get(id));",
                        "Example.java:8: FoundryCall.run("),
                found);
    }

    private static List<String> literalText(Path source, String text) {
        // Comments blanked out, line breaks kept, so that line numbers stay right.
        Matcher comments = BLOCK_COMMENT.matcher(text);
        StringBuilder code = new StringBuilder();
        while (comments.find()) {
            comments.appendReplacement(
                    code, Matcher.quoteReplacement(comments.group().replaceAll("[^\n]", " ")));
        }
        comments.appendTail(code);
        String[] lines = text.split("\n", -1);
        List<String> found = new ArrayList<>();
        Matcher literal = LITERAL_TEXT.matcher(code);
        while (literal.find()) {
            int line = (int) code.substring(0, literal.start())
                    .chars()
                    .filter(c -> c == '\n')
                    .count();
            found.add(source.getFileName() + ":" + (line + 1) + ": " + lines[line].trim());
        }
        return found;
    }
}
