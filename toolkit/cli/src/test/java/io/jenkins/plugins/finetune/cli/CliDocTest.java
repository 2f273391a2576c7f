package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.emulator.EmulatorMain;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs docs/cli.md's "Dry run against the emulator" as written: the emulator's command line, then the CLI's. */
@Timeout(60)
class CliDocTest {

    private static final Path DOC = Path.of("..", "..", "docs", "cli.md");

    @Test
    void theDocumentedDryRunSelectsWhatItSaysAndSendsNoPause() throws Exception {
        List<String> lines = commandsOfSection("## Dry run against the emulator");
        String emulatorLine = only(lines, "java -jar toolkit/emulator/");
        String exportLine = only(lines, "export ");
        String cliLine = only(lines, "java -jar toolkit/cli/");

        Map<String, String> env = new HashMap<>();
        String[] assignment = exportLine.substring("export ".length()).split("=", 2);
        env.put(assignment[0], assignment[1]);
        List<String> emulatorArgs = argsAfterJar(emulatorLine);
        int portIndex = emulatorArgs.indexOf("--port") + 1;
        String documentedPort = emulatorArgs.get(portIndex);
        // The README's emulator uses 8089 with another key: following both must not collide.
        assertThat(documentedPort).as("docs/cli.md's emulator port").isNotEqualTo("8089");
        emulatorArgs.set(portIndex, "0"); // any free port, not the documented one

        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        try (FineTuningEmulator emulator = EmulatorMain.startFromCommandLine(
                env::get, new PrintStream(banner, true, StandardCharsets.UTF_8), emulatorArgs.toArray(String[]::new))) {
            List<String> cliArgs = argsAfterJar(cliLine);
            cliArgs.replaceAll(arg -> arg.equals("http://127.0.0.1:" + documentedPort) ? emulator.baseUrl() : arg);
            emulator.clearRequests();

            Cli.Run run = new Cli(env, List.of()).run(cliArgs.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("ID").contains("OUTCOME");
            assertThat(run.out().lines().filter(line -> line.contains("would_pause")))
                    .hasSize(3);
            assertThat(emulator.requests()).extracting(RecordedRequest::method).containsOnly("GET");
            assertThat(banner.toString(StandardCharsets.UTF_8)).contains("curl ");
        }
    }

    @Test
    void theDocumentedFollowRunsToTheEndAndListsTheCheckpoints() throws Exception {
        List<String> lines = commandsOfSection("## Following training: `events --follow`, `checkpoints`");
        String emulatorLine = only(lines, "java -jar toolkit/emulator/");
        String exportLine = only(lines, "export ");
        List<String> cliLines = lines.stream()
                .filter(line -> line.startsWith("java -jar toolkit/cli/"))
                .toList();
        assertThat(cliLines).hasSize(2);

        Map<String, String> env = new HashMap<>();
        String[] assignment = exportLine.substring("export ".length()).split("=", 2);
        env.put(assignment[0], assignment[1]);
        List<String> emulatorArgs = argsAfterJar(emulatorLine);
        int portIndex = emulatorArgs.indexOf("--port") + 1;
        String documentedPort = emulatorArgs.get(portIndex);
        emulatorArgs.set(portIndex, "0");
        emulatorArgs.replaceAll(arg -> arg.equals("demo/fleet.json") ? "../../demo/fleet.json" : arg);

        try (FineTuningEmulator emulator = EmulatorMain.startFromCommandLine(
                env::get,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                emulatorArgs.toArray(String[]::new))) {
            List<Cli.Run> runs = new ArrayList<>();
            for (String cliLine : cliLines) {
                List<String> cliArgs = argsAfterJar(cliLine);
                cliArgs.replaceAll(arg -> arg.equals("http://127.0.0.1:" + documentedPort) ? emulator.baseUrl() : arg);
                runs.add(new Cli(env, List.of()).run(cliArgs.toArray(String[]::new)));
            }

            Cli.Run follow = runs.get(0);
            assertThat(follow.exitCode()).as(follow.err()).isZero();
            assertThat(follow.out().lines().filter(line -> line.contains(" info Step ")))
                    .hasSize(100);
            assertThat(follow.out()).contains("info Checkpoint created at step 500.");
            assertThat(follow.out()
                            .lines()
                            .toList()
                            .get((int) follow.out().lines().count() - 1))
                    .endsWith("info Fine-tuning job successfully completed.");
            Cli.Run checkpoints = runs.get(1);
            assertThat(checkpoints.exitCode()).as(checkpoints.err()).isZero();
            assertThat(checkpoints.out().lines()).hasSize(11).first().asString().startsWith("ID");
        }
    }

    @Test
    void theDocumentedErrorObjectHasTheFieldsTheCliWrites() throws Exception {
        String json = commandsOfSection("## Output").stream()
                .filter(line -> line.startsWith("{\"error\""))
                .findFirst()
                .orElseThrow();
        JsonNode error = new ObjectMapper().readTree(json.replace("…", "")).path("error");

        assertThat(error.path("exit_code").asInt()).isEqualTo(ExitCodes.AZURE_ERROR);
        assertThat(error.has("kind") && error.has("message") && error.has("http_status"))
                .isTrue();
    }

    /** The lines inside the fenced code blocks of one section. */
    private static List<String> commandsOfSection(String heading) throws Exception {
        String text = Files.readString(DOC, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int start = text.indexOf(heading + "\n");
        assertThat(start).as("%s in %s", heading, DOC).isNotNegative();
        int end = text.indexOf("\n## ", start + heading.length());
        String section = end < 0 ? text.substring(start) : text.substring(start, end);
        List<String> lines = new ArrayList<>();
        boolean inCode = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && !line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    private static String only(List<String> lines, String prefix) {
        List<String> matching =
                lines.stream().filter(line -> line.startsWith(prefix)).toList();
        assertThat(matching).as("lines starting with %s", prefix).hasSize(1);
        return matching.get(0);
    }

    private static List<String> argsAfterJar(String line) {
        List<String> words =
                new ArrayList<>(List.of(line.replaceFirst("\\s*&$", "").split(" +")));
        return new ArrayList<>(words.subList(words.indexOf("-jar") + 2, words.size()));
    }
}
