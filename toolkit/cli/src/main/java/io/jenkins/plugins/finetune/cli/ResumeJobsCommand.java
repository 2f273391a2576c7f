package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ops.JobChange;
import picocli.CommandLine.Command;

@Command(
        name = "resume-jobs",
        description = "Resume every job a selection picks (paused jobs by default), concurrently.")
final class ResumeJobsCommand extends BulkChangeCommand {

    @Override
    JobChange change() {
        return JobChange.RESUME;
    }
}
