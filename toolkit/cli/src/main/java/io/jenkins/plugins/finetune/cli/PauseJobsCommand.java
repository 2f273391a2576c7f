package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ops.JobChange;
import picocli.CommandLine.Command;

@Command(
        name = "pause-jobs",
        description = "Pause every job a selection picks (running jobs by default), concurrently.")
final class PauseJobsCommand extends BulkChangeCommand {

    @Override
    JobChange change() {
        return JobChange.PAUSE;
    }
}
