package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Print a job.")
final class GetCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The fine-tuning job id.")
    private String jobId;

    @Override
    int run(FineTuningClient client) {
        output().job(client.get(jobId));
        return ExitCodes.OK;
    }
}
