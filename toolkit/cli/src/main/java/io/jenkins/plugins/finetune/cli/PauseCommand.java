package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ops.JobChange;
import picocli.CommandLine.Command;

@Command(name = "pause", description = "Pause a running job (running → pausing → paused).")
final class PauseCommand extends JobChangeCommand {

    @Override
    JobChange change() {
        return JobChange.PAUSE;
    }
}
