package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ops.JobChange;
import picocli.CommandLine.Command;

@Command(
        name = "pause-jobs",
        description =
                "Pause the running jobs a selection picks (--status for other statuses), or every running job with --all;"
                        + " concurrently.")
final class PauseJobsCommand extends BulkChangeCommand {

    @Override
    JobChange change() {
        return JobChange.PAUSE;
    }
}
