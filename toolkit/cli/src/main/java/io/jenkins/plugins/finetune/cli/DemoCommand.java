package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOperation;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The README's "run it": a local emulator, three running jobs, one paused through the real client
 * over HTTP, waited on until {@code paused}; steps on stderr, the paused job (pretty JSON) on stdout.
 */
@Command(
        name = "demo",
        description = "Pause a job on a local in-process emulator and print it: no Azure account needed.")
final class DemoCommand implements Callable<Integer> {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int JOBS = 3;
    private static final Duration PAUSE_DELAY = Duration.ofSeconds(1);

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String apiKey = HexFormat.of().formatHex(randomBytes(16));
        FineTuningJob paused;
        try (FineTuningEmulator emulator = FineTuningEmulator.builder()
                .apiKey(apiKey)
                .pauseDelay(PAUSE_DELAY)
                .build()
                .start()) {
            step(err, "Started the fine-tuning emulator at " + emulator.baseUrl() + " (in-process; random API key)");
            List<String> ids = emulator.seedRunningJobs(JOBS);
            step(err, "Seeded " + JOBS + " running jobs: " + String.join(", ", ids));
            String target = ids.get(0);
            try (FineTuningClient client = FineTuningClient.builder()
                    .endpoint(emulator.baseUrl())
                    .credential(new ApiKeyCredential(apiKey))
                    .userAgentSuffix("foundry-fine-tuning-cli/" + VersionProvider.version() + " demo")
                    .build()) {
                step(
                        err,
                        "Pausing " + target + ": POST " + emulator.baseUrl() + "/openai/v1/fine_tuning/jobs/" + target
                                + "/pause?api-version=v1, then polling until it is paused");
                paused = JobChangeOperation.run(
                                client,
                                JobChangeRequest.builder(JobChange.PAUSE, target)
                                        .waitForFinalStatus(true)
                                        .timeout(Duration.ofSeconds(30))
                                        .pollInterval(Duration.ofMillis(250))
                                        .build(),
                                line -> step(err, line))
                        .job();
                step(
                        err,
                        "All jobs now:" + System.lineSeparator()
                                + Output.jobTable(client.listJobs(null, null).data())
                                        .stripTrailing());
            }
        }
        step(err, "Stopped the emulator. The paused job, as the API returns it:");
        if (paused.status() == null || !paused.status().isPaused()) {
            throw new IllegalStateException(
                    "demo: the job ended in status '" + paused.status() + "' instead of 'paused'");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(Output.pretty(paused.toJson()));
        out.flush();
        return ExitCodes.OK;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void step(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }
}
