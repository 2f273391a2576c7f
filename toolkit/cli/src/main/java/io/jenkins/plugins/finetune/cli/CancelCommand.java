package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ops.JobChange;
import picocli.CommandLine.Command;

@Command(name = "cancel", description = "Cancel a job that has not finished.")
final class CancelCommand extends JobChangeCommand {

    @Override
    JobChange change() {
        return JobChange.CANCEL;
    }
}
