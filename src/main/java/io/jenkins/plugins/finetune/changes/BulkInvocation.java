package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.calls.BulkCap;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryCallException;
import io.jenkins.plugins.finetune.calls.FoundryExecutors;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.BulkListener;
import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.bulk.BulkSelection;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.bulk.SelectedJob;
import io.jenkins.plugins.finetune.client.bulk.SelectionRefusedException;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.waiting.BulkWait;
import io.jenkins.plugins.finetune.waiting.EventFollow;
import io.jenkins.plugins.finetune.waiting.PollSchedule;
import io.jenkins.plugins.finetune.waiting.PollTrouble;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one execution path of the bulk steps and the selector build steps: translate the arguments with the
 * client's {@link BulkArguments}, list the selection ({@link #select}) and change exactly those jobs
 * ({@link #change}) through {@link FoundryCall}, one line per job in the build log, the per-job requests on the
 * controller's shared bulk pool ({@link FoundryExecutors}). The durable Pipeline execution calls the two halves
 * itself, keeping the selection and the outcomes between them; the build steps {@link #run} both at once.
 */
@Restricted(NoExternalUse.class)
public final class BulkInvocation {

    private BulkInvocation() {}

    /**
     * The checked request, capped at the administrator's {@link BulkCap#maxJobs()}.
     *
     * @throws AbortException naming the argument that is wrong
     */
    @NonNull
    public static BulkRequest request(@NonNull JobChange change, @NonNull BulkSettings settings) throws AbortException {
        try {
            Map<String, Object> arguments = settings.arguments();
            arguments.put("maxJobs", BulkCap.maxJobs());
            return BulkArguments.toCheckedRequest(change, arguments, BulkArguments.PIPELINE);
        } catch (IllegalArgumentException e) {
            throw new AbortException(Messages.BulkInvocation_InvalidArguments(change.verb(), e.getMessage()));
        }
    }

    /**
     * The jobs the request selects, listed in full (ids and statuses only), at most {@link BulkRequest#maxJobs()}.
     *
     * @throws AbortException for connection problems, and for a selection refused as it was listed (past the cap,
     *     a listed id that is not a job id, a {@code suffixRegex} too slow): then no job is changed, and the message
     *     says how to narrow the selection or whom to ask for a higher cap
     * @throws InterruptedException when the build is aborted
     */
    @NonNull
    public static BulkSelection select(
            @NonNull BulkRequest request,
            @NonNull BulkSettings settings,
            @NonNull Run<?, ?> run,
            @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        return FoundryCall.run(
                settings.target(),
                run,
                listener,
                Messages.BulkInvocation_ChangeJobs(request.change().verb()),
                client -> {
                    try {
                        return BulkOperation.select(client, request);
                    } catch (SelectionRefusedException refused) {
                        throw refused.withAdvice(advice(refused, request));
                    }
                });
    }

    /** What the user can do about a refused selection, in this plugin's words. */
    private static String advice(SelectionRefusedException refused, BulkRequest request) {
        String changed = request.change().pastTense();
        if (refused.isCap()) {
            return Messages.BulkInvocation_CapAdvice(changed, String.valueOf(request.maxJobs()));
        }
        return Messages.BulkInvocation_NothingChanged(changed);
    }

    /**
     * Changes exactly {@code jobs}, telling each outcome to {@code outcomes} as it is known.
     *
     * @param recheck read each job first: its change may have been sent before a restart
     * @throws AbortException for connection problems
     * @throws InterruptedException when the build is aborted
     */
    @NonNull
    public static BulkReport change(
            @NonNull BulkRequest request,
            @NonNull BulkSettings settings,
            @NonNull List<SelectedJob> jobs,
            boolean recheck,
            @NonNull Run<?, ?> run,
            @NonNull TaskListener listener,
            @NonNull Consumer<JobOutcome> outcomes)
            throws IOException, InterruptedException {
        PrintStream logger = listener.getLogger();
        BulkListener hears = new BulkListener() {
            @Override
            public void line(String line) {
                logger.println(ConsoleText.sanitize(line));
            }

            @Override
            public void outcome(JobOutcome outcome) {
                outcomes.accept(outcome);
            }
        };
        return FoundryCall.run(
                settings.target(),
                run,
                null, // the endpoint line was printed with the selection
                Messages.BulkInvocation_ChangeJobs(request.change().verb()),
                client -> BulkOperation.change(
                        client,
                        request,
                        jobs,
                        recheck,
                        FoundryExecutors.current().bulkChange(),
                        hears));
    }

    /**
     * Select, change, record every job on the build page, and fail when asked to (the freestyle build steps).
     *
     * @throws AbortException for invalid arguments (naming the argument), connection problems, or, with
     *     {@code failOnError}, when any job failed (the message is the summary)
     * @param events whether a wait prints the jobs' new events (bounded per poll, see {@link BulkWait#followEvents})
     * @throws InterruptedException when the build is aborted
     */
    @NonNull
    public static BulkReport run(
            @NonNull JobChange change,
            @NonNull BulkSettings settings,
            boolean events,
            @NonNull Run<?, ?> run,
            @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        request(change, settings); // every argument checked, the timeout too when waiting
        BulkRequest request = request(change, settings.withoutWait()); // the wait follows, one listing per poll
        BulkSelection selection = select(request, settings, run, listener);
        BulkReport changed = change(request, settings, selection.jobs(), false, run, listener, outcome -> {});
        String listingError = selection.listingFailure() == null
                ? null
                : selection.listingFailure().getMessage();
        List<JobOutcome> outcomes = changed.outcomes();
        // On the page from now on; a wait settles the jobs it waited on.
        int first = FineTuneJobsAction.record(
                run,
                null,
                BulkReport.of(
                        change,
                        request.dryRun(),
                        outcomes,
                        selection.listed(),
                        listingError,
                        Duration.ofNanos(System.nanoTime() - started)));
        if (settings.waitForFinalStatus() && !settings.dryRun()) {
            List<JobOutcome> waited = waitOnThisThread(change, settings, events, outcomes, run, listener.getLogger());
            FineTuneJobsAction.settle(
                    run,
                    first,
                    FineTuneJobsAction.Settlement.ofAccepted(
                            change, outcomes, waited, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            outcomes = waited;
        }
        BulkReport report = BulkReport.of(
                change,
                request.dryRun(),
                new ArrayList<>(outcomes),
                selection.listed(),
                listingError,
                Duration.ofNanos(System.nanoTime() - started));
        failIfAsked(report, settings);
        return report;
    }

    /**
     * The freestyle wait: the build step holds its executor anyway, so it polls on it, by {@link BulkWait}'s rules
     * and {@link PollSchedule}'s intervals, riding out transient trouble until the deadline.
     */
    private static List<JobOutcome> waitOnThisThread(
            JobChange change,
            BulkSettings settings,
            boolean events,
            List<JobOutcome> outcomes,
            Run<?, ?> run,
            PrintStream logger)
            throws IOException, InterruptedException {
        Map<String, String> waiting = BulkWait.pending(change, outcomes);
        if (waiting.isEmpty()) {
            return outcomes;
        }
        Consumer<String> log = line -> logger.println(ConsoleText.sanitize(line));
        log.accept(Messages.BulkInvocation_WaitingFor(String.valueOf(waiting.size()), change.finalStatus()));
        long started = System.currentTimeMillis();
        long deadline = started + TimeUnit.SECONDS.toMillis(settings.timeoutSeconds());
        long interval = PollSchedule.FIRST_POLL_MILLIS;
        PollTrouble trouble = new PollTrouble();
        List<JobOutcome> current = outcomes;
        EventFollow follow = new EventFollow();
        Map<String, String> lastEventIds = Map.of();
        int turn = 0;
        while (true) {
            Thread.sleep(Math.min(interval, Math.max(0, deadline - System.currentTimeMillis())));
            String what = Messages.BulkInvocation_ReadingStatuses(String.valueOf(waiting.size()));
            try {
                Map<String, JobStatus> seen = BulkWait.read(settings.target(), run, waiting.keySet());
                trouble.answered(what, log);
                if (events) {
                    lastEventIds = BulkWait.followEvents(
                            settings.target(), run, waiting, seen, lastEventIds, Map.of(), turn++, follow, log);
                }
                waiting = BulkWait.apply(change, waiting, seen, log);
                current = BulkWait.withStatuses(current, seen);
            } catch (FoundryCallException e) {
                trouble.rideOut(e, what, log);
            }
            long now = System.currentTimeMillis();
            if (waiting.isEmpty()) {
                log.accept(Messages.BulkInvocation_AllWaitedOn(
                        change.verb(),
                        change.finalStatus(),
                        String.valueOf(TimeUnit.MILLISECONDS.toSeconds(now - started))));
                return current;
            }
            if (now >= deadline) {
                log.accept(
                        BulkWait.timeoutSummary(change, waiting, settings.timeoutSeconds()) + trouble.timeoutSuffix());
                return BulkWait.timedOut(change, current, waiting, settings.timeoutSeconds());
            }
            interval = PollSchedule.next(interval);
        }
    }

    /**
     * Records every job of a finished bulk change on the build page and, with {@code failOnError}, fails when any
     * job failed or the listing broke off.
     *
     * @param recordKey as for {@link FineTuneJobsAction#record(Run, String, BulkReport)}
     * @throws AbortException whose message is the summary
     */
    public static void finish(
            @NonNull BulkReport report, @NonNull BulkSettings settings, @NonNull Run<?, ?> run, String recordKey)
            throws AbortException {
        FineTuneJobsAction.record(run, recordKey, report);
        failIfAsked(report, settings);
    }

    /** With {@code failOnError}: fails when any job failed or the listing broke off, the summary as the message. */
    private static void failIfAsked(@NonNull BulkReport report, @NonNull BulkSettings settings) throws AbortException {
        if (report.hasFailures() && settings.failOnError()) {
            throw new AbortException(
                    Messages.BulkInvocation_Failed(report.change().verb(), ConsoleText.sanitize(report.summary())));
        }
    }
}
