package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the real main in a separate JVM (same class path as the tests), as the runnable jar would. */
class EmulatorMainSmokeTest {
    @Test
    void startsOnAFreePortPrintsTheEndpointAndAnswers() throws Exception {
        Process process = java("--port", "0", "--api-key", "smoke-key", "--jobs", "2");
        try {
            List<String> banner = readBanner(process);
            String endpoint = valueOf(banner, "endpoint:");
            String[] ids = valueOf(banner, "jobs:").split(" ");
            assertThat(endpoint).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(ids).hasSize(2);
            assertThat(String.join("\n", banner)).contains("-H 'api-key: smoke-key'"); // a local key, given in the open

            HttpResponse<String> paused = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(endpoint + "/openai/v1/fine_tuning/jobs/" + ids[0]
                                            + "/pause?api-version=v1"))
                                    .header("api-key", "smoke-key")
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(paused.statusCode()).isEqualTo(200);
            assertThat(Api.MAPPER.readTree(paused.body()).path("object").asText())
                    .isEqualTo("fine_tuning.job");
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void badArgumentsExitWith2AndUsage() throws Exception {
        Process process = java("--port", "nope");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(2);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stderr).contains("error: --port must be a whole number").contains("Usage:");
    }

    @Test
    void aTakenPortIsOneLineNamingThePortAndWhatToDoWithExit2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Process process = java("--port", port, "--api-key", "k");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).isEqualTo(2);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stderr.strip().lines())
                    .containsExactly("error: --port " + port + ": 127.0.0.1:" + port
                            + " is already in use (another emulator?); stop the process listening there, pick"
                            + " another port with --port N, or use --port 0 for a free one");
        }
    }

    @Test
    void theBannerAlignsTheSeededJobsColumns() throws Exception {
        Process process = java("--port", "0", "--api-key", "k", "--jobs", "running=1,paused=1,validating_files=1");
        try {
            List<String> jobLines = readBanner(process).stream()
                    .filter(line -> line.startsWith("          ftjob-"))
                    .toList();
            assertThat(jobLines).hasSize(3);
            assertThat(jobLines.stream().map(line -> line.indexOf("gpt-")).distinct())
                    .as("the model column starts at one place: %s", jobLines)
                    .hasSize(1);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process java(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EmulatorMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static List<String> readBanner(Process process) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            if (line.startsWith("Stop with")) {
                return lines;
            }
        }
        throw new AssertionError("main ended before its banner: " + lines);
    }

    private static String valueOf(List<String> banner, String label) {
        return banner.stream()
                .filter(line -> line.startsWith(label))
                .findFirst()
                .map(line -> line.substring(label.length()).trim())
                .orElseThrow(() -> new AssertionError("no '" + label + "' in " + banner));
    }
}
