package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ops.JobChange;
import picocli.CommandLine.Command;

@Command(
        name = "resume-jobs",
        description =
                "Resume the paused jobs a selection picks (--status for other statuses), or every paused job with --all;"
                        + " concurrently.")
final class ResumeJobsCommand extends BulkChangeCommand {

    @Override
    JobChange change() {
        return JobChange.RESUME;
    }
}
