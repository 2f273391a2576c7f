package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import io.jenkins.plugins.finetune.execution.FoundryCall;
import io.jenkins.plugins.finetune.execution.JobChangeInvocation;
import io.jenkins.plugins.finetune.execution.JobChangeSettings;
import java.io.Serial;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The durable execution of {@code pauseFineTune}, {@code resumeFineTune} and {@code cancelFineTune}.
 *
 * <p>The change request runs on a pooled thread, off the CPS VM thread. Waiting holds no thread: each poll is
 * scheduled on Jenkins' shared {@link Timer} (as {@code sleep} and {@code waitUntil} do), with a growing
 * interval. The persisted state is what a restart needs: the settings (ids, never a secret), the phase, the
 * deadline and the last status seen. After a restart {@link #onResume()} looks the credentials up again from
 * the run: while waiting, it polls again; if the restart came during the change request itself, it reads the
 * job first and sends the change only if it has not taken effect.
 */
final class JobChangeExecution extends PollingStepExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    private enum Phase {
        /** The change request is (or was, before a restart) on its way. */
        REQUESTING,
        /** The change was accepted; polling until the final status. */
        WAITING
    }

    private final JobChangeSettings settings;
    private Phase phase = Phase.REQUESTING;
    /** When waiting gives up (epoch milliseconds); wall-clock so that it survives a restart. */
    private long deadline;

    private long startedAt;

    @CheckForNull
    private String lastStatus;

    private long pollMillis = FIRST_POLL_MILLIS;

    JobChangeExecution(@NonNull StepContext context, @NonNull JobChangeSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public boolean start() throws Exception {
        startedAt = System.currentTimeMillis();
        if (settings.waitForFinalStatus()) {
            deadline = deadline(startedAt, settings.timeoutSeconds());
        }
        submit(this::request);
        return false;
    }

    @Override
    public void onResume() {
        if (phase == Phase.REQUESTING) {
            log("Jenkins restarted during the " + settings.change().verb() + " request for fine-tuning job "
                    + settings.jobId() + "; reading the job before sending it again");
            submit(this::requestUnlessTakenEffect);
        } else {
            schedule(0, this::poll);
        }
    }

    @Override
    public String getStatus() {
        return phase == Phase.REQUESTING
                ? "sending " + settings.change().verb() + " for fine-tuning job " + settings.jobId()
                : "waiting for fine-tuning job " + settings.jobId() + " to be "
                        + settings.change().finalStatus() + " (last status " + lastStatus + ")";
    }

    private void request() throws Exception {
        JobChangeResult result = JobChangeInvocation.run(settings.withoutWait(), run(), listener());
        changed(result.job(), result.outcome());
    }

    /** After a restart during the request: the change may or may not have reached Azure. */
    private void requestUnlessTakenEffect() throws Exception {
        FineTuningJob job = read();
        JobChange change = settings.change();
        JobStatus status = statusOf(job);
        if (change.isAlreadyDone(status) || status.equals(change.finalStatus())) {
            log("Fine-tuning job " + settings.jobId() + " is " + status.value() + ": the " + change.verb()
                    + " request took effect; not sending it again");
            FineTuneJobsAction.record(
                    run(), change, new JobChangeResult(job, change.eligibleFrom(), null, JobChangeOutcome.CHANGED));
            changed(job, JobChangeOutcome.CHANGED);
        } else {
            request();
        }
    }

    private void changed(@NonNull FineTuningJob job, @NonNull JobChangeOutcome outcome) throws AbortException {
        JobStatus status = statusOf(job);
        if (!settings.waitForFinalStatus()
                || outcome == JobChangeOutcome.NOT_ELIGIBLE
                || settings.change().isSettled(status)) {
            getContext().onSuccess(job.toMap());
            return;
        }
        lastStatus = status.value();
        phase = Phase.WAITING;
        schedule(FIRST_POLL_MILLIS, this::poll);
    }

    private void poll() throws Exception {
        FineTuningJob job = read();
        JobStatus status = statusOf(job);
        if (!status.value().equals(lastStatus)) {
            log("Fine-tuning job " + settings.jobId() + ": " + lastStatus + " → " + status.value());
            lastStatus = status.value();
        }
        long now = System.currentTimeMillis();
        if (settings.change().isSettled(status)) {
            log("Fine-tuning job " + settings.jobId() + " is " + status.value() + " after "
                    + TimeUnit.MILLISECONDS.toSeconds(now - startedAt) + " s");
            getContext().onSuccess(job.toMap());
            return;
        }
        if (now >= deadline) {
            String timedOut = "Timed out after " + settings.timeoutSeconds() + " s waiting for fine-tuning job '"
                    + settings.jobId() + "' to be " + settings.change().finalStatus() + "; its last status was '"
                    + status.value() + "'.";
            getContext().onFailure(new AbortException(timedOut)); // the build log shows it once, as the error
            return;
        }
        pollMillis = nextPollMillis(pollMillis);
        schedule(Math.min(pollMillis, deadline - now), this::poll);
    }

    @NonNull
    private FineTuningJob read() throws Exception {
        String id = settings.jobId();
        // No listener: the endpoint line was printed with the change request, not again for every poll.
        return FoundryCall.run(
                settings.target(), run(), null, "read fine-tuning job '" + id + "'", client -> client.get(id));
    }

    /** A job without a status cannot be waited on: say so rather than fail on a null. */
    @NonNull
    private JobStatus statusOf(@NonNull FineTuningJob job) throws AbortException {
        JobStatus status = job.status();
        if (status == null) {
            throw new AbortException("Azure answered fine-tuning job '" + settings.jobId()
                    + "' without a status; cannot tell whether the "
                    + settings.change().verb() + " took effect.");
        }
        return status;
    }
}
