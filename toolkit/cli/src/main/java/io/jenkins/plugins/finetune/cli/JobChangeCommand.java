package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOperation;
import io.jenkins.plugins.finetune.client.ops.JobChangeOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * pause, resume and cancel: the same execution path as the Jenkins step ({@link JobChangeOperation}),
 * its log lines on stderr and the job on stdout.
 */
abstract class JobChangeCommand extends ClientCommand {

    @Parameters(
            index = "0",
            paramLabel = "JOB_ID",
            description = "The fine-tuning job id, e.g. ftjob-0123456789abcdef.")
    private String jobId;

    @Option(names = "--wait", description = "Wait until the job reaches the final status (paused, running, cancelled).")
    private boolean waitForFinalStatus;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            converter = Seconds.class,
            defaultValue = "1800",
            description = "With --wait: how long to wait for the final status (default ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(
            names = "--poll-interval",
            paramLabel = "SECONDS",
            converter = Seconds.class,
            defaultValue = "5",
            description =
                    "With --wait: first interval between status checks; it backs off to 30 (default ${DEFAULT-VALUE}).")
    private Duration pollInterval;

    @Option(
            names = "--fail-if-not-eligible",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Fail (exit 3) when the job's status does not allow the change (default)."
                    + " --no-fail-if-not-eligible prints the job as it is and exits 0.")
    private boolean failIfNotEligible;

    abstract JobChange change();

    @Override
    void validate() {
        warnIfWithoutWait(waitForFinalStatus, "--timeout");
        warnIfWithoutWait(waitForFinalStatus, "--poll-interval");
    }

    @Override
    int run(FineTuningClient client) {
        JobChangeRequest request = JobChangeRequest.builder(change(), jobId)
                .failIfNotEligible(failIfNotEligible)
                .waitForFinalStatus(waitForFinalStatus)
                .timeout(timeout)
                .pollInterval(pollInterval)
                .build();
        JobChangeResult result = JobChangeOperation.run(client, request, this::log);
        output().job(result.job());
        JobStatus status = result.job().status();
        if (waitForFinalStatus
                && result.outcome() != JobChangeOutcome.NOT_ELIGIBLE
                && !change().finalStatus().equals(status)) {
            // The wait stopped at a terminal status (e.g. failed): the change did not lead where it should.
            reportFailure(
                    ExitCodes.WAIT_TIMED_OUT,
                    "fine-tuning job " + jobId + " ended in status '" + status + "', not '" + change().finalStatus()
                            + "'");
            return ExitCodes.WAIT_TIMED_OUT;
        }
        return ExitCodes.OK;
    }
}
