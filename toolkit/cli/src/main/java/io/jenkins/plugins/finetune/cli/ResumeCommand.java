package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ops.JobChange;
import picocli.CommandLine.Command;

@Command(name = "resume", description = "Resume a paused job (paused → resuming → running).")
final class ResumeCommand extends JobChangeCommand {

    @Override
    JobChange change() {
        return JobChange.RESUME;
    }
}
