package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "checkpoints",
        description = "List a job's checkpoints with their metrics, newest first (every page, up to --max).")
final class CheckpointsCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The fine-tuning job id.")
    private String jobId;

    @Option(
            names = "--max",
            paramLabel = "N",
            defaultValue = "" + FineTuningClient.DEFAULT_MAX_CHECKPOINTS,
            description = "At most this many, 1-10000; past it the listing fails (exit 3) (default ${DEFAULT-VALUE}).")
    private int max;

    @Override
    void validate() {
        if (max < 1 || max > 10_000) {
            throw new UsageException("--max: must be between 1 and 10000, got " + max);
        }
    }

    @Override
    int run(FineTuningClient client) {
        output().checkpoints(client.listAllCheckpoints(jobId, max));
        return ExitCodes.OK;
    }

    @Override
    Map<String, String> optionNames() {
        Map<String, String> names = new HashMap<>(OptionNames.COMMON);
        names.put("maxCheckpoints", "--max");
        return names;
    }
}
