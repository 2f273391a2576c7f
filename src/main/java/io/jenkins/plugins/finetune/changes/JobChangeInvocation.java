package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FineTuningWaitTimeoutException;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOperation;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import io.jenkins.plugins.finetune.waiting.EventFeed;
import io.jenkins.plugins.finetune.waiting.EventFollow;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one execution path of the single-job change steps ({@code pauseFineTune}, {@code resumeFineTune},
 * {@code cancelFineTune}) and the freestyle build step: run the client's {@link JobChangeOperation} through
 * {@link FoundryCall} and record the job on the build page. No HTTP, JSON or status logic here.
 */
@Restricted(NoExternalUse.class)
public final class JobChangeInvocation {

    private JobChangeInvocation() {}

    /**
     * @param recordKey who records the job on the build page (see {@link FineTuneJobsAction}); {@code null}: a
     *     freestyle build step
     * @throws AbortException with a user-actionable message (never a secret) when the change fails
     * @throws InterruptedException when the build is aborted while waiting for Azure
     */
    @NonNull
    public static JobChangeResult run(
            @NonNull JobChangeSettings settings,
            @NonNull Run<?, ?> run,
            @NonNull TaskListener listener,
            @CheckForNull String recordKey)
            throws IOException, InterruptedException {
        PrintStream logger = listener.getLogger();
        long started = System.currentTimeMillis();
        return FoundryCall.run(
                settings.target(),
                run,
                listener,
                Messages.JobChangeInvocation_ChangeJob(settings.change().verb(), settings.jobId()),
                client -> {
                    Consumer<String> log = line -> logger.println(ConsoleText.sanitize(line));
                    JobChangeRequest request = request(settings);
                    JobChangeResult result = JobChangeOperation.change(client, request, log);
                    // On the page from now on; a wait (the freestyle build step's, on its executor) settles it.
                    int sequence = FineTuneJobsAction.record(run, recordKey, settings.change(), result);
                    return settings.waitForFinalStatus()
                            ? waitAndSettle(client, request, result, run, sequence, started, log, settings.events())
                            : result;
                });
    }

    /** Waits for the final status on this thread and settles the job's record with how the wait ended. */
    private static JobChangeResult waitAndSettle(
            FineTuningClient client,
            JobChangeRequest request,
            JobChangeResult changed,
            Run<?, ?> run,
            int sequence,
            long started,
            Consumer<String> log,
            boolean events) {
        JobChange change = request.change();
        try {
            JobChangeResult settled = JobChangeOperation.awaitFinalStatus(
                    client, request, changed, log, events ? eventsEachPoll(client, request.jobId(), log) : job -> {});
            if (settled != changed) {
                FineTuningJob job = settled.job();
                FineTuneJobsAction.settle(
                        run,
                        sequence,
                        List.of(FineTuneJobsAction.Settlement.of(
                                change,
                                changed.outcome(),
                                request.jobId(),
                                value(changed.previousStatus()),
                                value(job.status()),
                                job.model(),
                                job.fineTunedModel(),
                                changed.requestId(),
                                null,
                                System.currentTimeMillis() - started)));
            }
            return settled;
        } catch (FineTuningWaitTimeoutException timedOut) {
            FineTuningJob last = timedOut.lastSeen() != null ? timedOut.lastSeen() : changed.job();
            FineTuneJobsAction.settle(
                    run,
                    sequence,
                    List.of(FineTuneJobsAction.Settlement.of(
                            change,
                            changed.outcome(),
                            request.jobId(),
                            value(changed.previousStatus()),
                            value(last.status()),
                            last.model(),
                            last.fineTunedModel(),
                            changed.requestId(),
                            timedOut.getMessage(),
                            System.currentTimeMillis() - started)));
            throw timedOut;
        }
    }

    /** Each poll of the freestyle wait prints the job's new events, as every wait does ({@link EventFollow}). */
    private static Consumer<FineTuningJob> eventsEachPoll(FineTuningClient client, String id, Consumer<String> log) {
        EventFollow follow = new EventFollow();
        String[] last = {null}; // the wait polls on this one thread
        return job -> last[0] = follow.print(
                id, EventFollow.read(client, id, last[0], null, EventFollow.PAGES, EventFeed.SHOWN), last[0], log);
    }

    private static String value(JobStatus status) {
        return status == null ? null : status.value();
    }

    /** Validated after the endpoint and the credentials, as before: settings errors name the field. */
    @NonNull
    private static JobChangeRequest request(@NonNull JobChangeSettings settings) throws AbortException {
        try {
            JobChangeRequest.Builder request = JobChangeRequest.builder(settings.change(), settings.jobId())
                    .failIfNotEligible(settings.failIfNotEligible())
                    .waitForFinalStatus(settings.waitForFinalStatus());
            if (settings.waitForFinalStatus()) { // the timeout only matters (and is only checked) when waiting
                request.timeout(Duration.ofSeconds(settings.timeoutSeconds()));
            }
            return request.build();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }
}
