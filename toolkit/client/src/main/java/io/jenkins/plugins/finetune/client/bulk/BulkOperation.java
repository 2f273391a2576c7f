package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningApiException;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FineTuningWaitTimeoutException;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOperation;
import io.jenkins.plugins.finetune.client.ops.JobChangeOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import io.jenkins.plugins.finetune.client.ops.LogLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

/**
 * Pauses (or resumes, or cancels) every job a {@link JobSelector} picks, with bounded concurrency
 * over the client's one connection pool.
 *
 * <p>By default the number of requests in flight adapts to the answers ({@link AdaptiveConcurrency}),
 * up to {@link BulkRequest#concurrency()}; the client's shared {@code Retry-After} hold-back makes
 * every worker wait when the server asks one to.
 *
 * <p>Two ways to run one: {@link #run} lists page by page and hands jobs to workers as they arrive, so
 * memory holds one page, the jobs in flight and the small per-job outcomes, however many jobs there are
 * (the CLI). {@link #select} then {@link #change} first lists the whole selection (ids and statuses only)
 * and then changes exactly those jobs on the caller's executor, telling each outcome as it happens: a front
 * end that must survive a restart keeps the selection and the outcomes, and after the restart changes only the
 * jobs without an outcome, with {@code recheck} (Jenkins). One job's failure never stops the others. A dry run
 * sends no state-changing request. Interrupting the calling thread stops everything.
 */
public final class BulkOperation {

    private BulkOperation() {}

    /**
     * @param log receives one line per job and a summary; called from several threads, one line at a time
     */
    public static BulkReport run(FineTuningClient client, BulkRequest request, Consumer<String> log) {
        long started = System.nanoTime();
        AtomicInteger listed = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(request.concurrency(), new WorkerThreads());
        try {
            Dispatch dispatch = new Dispatch(client, request, false, workers, BulkListener.of(log));
            FineTuningException listingFailure = dispatch.changeAll(candidates(client, request, listed));
            return dispatch.report(listed.get(), listingFailure, started);
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * The jobs {@code request} selects, listed in full (explicit ids as given, without a request). A listing
     * that breaks off keeps what it found and says why in {@link BulkSelection#listingFailure()}.
     *
     * @throws FineTuningInterruptedException when the calling thread is interrupted
     * @throws SelectionRefusedException past the request's caps, for a listed id that is not a job id, or for a
     *     {@code suffixRegex} too slow on a suffix: nothing is kept then
     */
    public static BulkSelection select(FineTuningClient client, BulkRequest request) {
        AtomicInteger listed = new AtomicInteger();
        List<SelectedJob> jobs = new ArrayList<>();
        FineTuningException listingFailure = null;
        try {
            for (SelectedJob job : candidates(client, request, listed)) {
                jobs.add(job);
            }
        } catch (FineTuningInterruptedException | SelectionRefusedException e) {
            throw e; // a refused selection keeps nothing: no job is changed on the strength of part of it
        } catch (FineTuningException e) {
            listingFailure = e;
        }
        return new BulkSelection(jobs, listed.get(), listingFailure);
    }

    /**
     * Changes exactly {@code jobs}, at most {@link BulkRequest#concurrency()} at a time on {@code workers}
     * (which may be shared with other operations: only this operation's tasks are cancelled when it is
     * interrupted). The report's listing fields are empty: {@link #select} has them.
     *
     * @param recheck read each job's status before changing it, for jobs whose change may already have been
     *     sent (before a restart): a job that is now where the change leads, and was eligible when selected,
     *     counts as changed without a second request
     * @param listener hears one line per job, each outcome as it is known, and a summary
     * @throws FineTuningInterruptedException when the calling thread is interrupted
     */
    public static BulkReport change(
            FineTuningClient client,
            BulkRequest request,
            List<SelectedJob> jobs,
            boolean recheck,
            ExecutorService workers,
            BulkListener listener) {
        long started = System.nanoTime();
        Dispatch dispatch = new Dispatch(client, request, recheck, workers, listener);
        dispatch.changeAll(jobs);
        return dispatch.report(0, null, started);
    }

    /**
     * The selected jobs: the explicit ids as given, or listed jobs that match, lazily. A listing is bounded: each
     * listed id is checked before it is kept, and the listing stops with {@link SelectionRefusedException} past
     * {@link BulkRequest#maxJobs()} selected or {@link BulkRequest#maxListed()} listed jobs.
     */
    private static Iterable<SelectedJob> candidates(
            FineTuningClient client, BulkRequest request, AtomicInteger listed) {
        JobSelector selector = request.selector();
        if (!selector.jobIds().isEmpty()) {
            return () -> selector.jobIds().stream()
                    .map(id -> new SelectedJob(id, null))
                    .iterator();
        }
        Iterable<FineTuningJob> all = client.listAllJobs(request.pageSize());
        // A lazy stream over the lazy pages: one page in memory at a time.
        return () -> {
            AtomicInteger selected = new AtomicInteger();
            return StreamSupport.stream(all.spliterator(), false)
                    .peek(job -> listedOne(request, job, listed.incrementAndGet(), selected.get()))
                    .filter(job -> selector.matchesAttributes(job) && request.statusSelected(job.status()))
                    .peek(job -> selectedOne(request, selected.incrementAndGet(), listed.get()))
                    .map(job -> new SelectedJob(
                            job.id(), job.status() == null ? null : job.status().value()))
                    .iterator();
        };
    }

    /** A listed job: its id must be a job id, and the listing must not run past its cap. */
    private static void listedOne(BulkRequest request, FineTuningJob job, int listed, int selected) {
        String problem = JobIds.problemWithListedId(job.id());
        if (problem != null) {
            throw new SelectionRefusedException(
                    SelectionRefusedException.Reason.INVALID_LISTED_ID,
                    "the listing of fine-tuning jobs returned an id that is not a fine-tuning job id, so the"
                            + " selection stopped there: " + problem);
        }
        if (listed > request.maxListed()) {
            throw new SelectionRefusedException(
                    SelectionRefusedException.Reason.TOO_MANY_LISTED,
                    "the listing went past " + request.maxListed() + " jobs (" + selected + " of them selected) and"
                            + " Azure still said more follow, so the selection stopped there; a bulk "
                            + request.change().verb()
                            + " lists at most " + BulkRequest.LISTED_PER_SELECTED + " times its cap of "
                            + request.maxJobs() + " jobs");
        }
    }

    /** A selected job: the selection must not grow past its cap. */
    private static void selectedOne(BulkRequest request, int selected, int listed) {
        if (selected > request.maxJobs()) {
            throw new SelectionRefusedException(
                    SelectionRefusedException.Reason.TOO_MANY_SELECTED,
                    "more than " + request.maxJobs() + " jobs were selected (after " + listed + " listed), the most"
                            + " one bulk " + request.change().verb() + " may select, so the selection stopped there");
        }
    }

    /** One bulk change in progress: hands jobs to workers, at most {@code concurrency} at a time. */
    private static final class Dispatch {

        private final BulkRequest request;
        private final boolean recheck;
        private final ExecutorService workers;
        private final BulkListener listener;
        private final AdaptiveConcurrency adaptive;
        private final FineTuningClient sending;
        private final Semaphore slots;
        private final ConcurrentLinkedQueue<Indexed> outcomes = new ConcurrentLinkedQueue<>();
        private final Set<Future<?>> tasks = ConcurrentHashMap.newKeySet();
        /** Tasks that have started and not yet ended (a cancelled task that never started is not counted). */
        private final AtomicInteger running = new AtomicInteger();

        private int selected;

        Dispatch(
                FineTuningClient client,
                BulkRequest request,
                boolean recheck,
                ExecutorService workers,
                BulkListener listener) {
            this.request = request;
            this.recheck = recheck;
            this.workers = workers;
            this.listener = new SerializedListener(listener);
            this.adaptive = request.adaptive() ? new AdaptiveConcurrency(request.concurrency()) : null;
            this.sending = adaptive == null ? client : client.withRequestGate(adaptive);
            // One job in hand per worker; the loop holds the next one (fetching the next page if need be)
            // while the workers still have work, and never runs further ahead than that.
            this.slots = new Semaphore(request.concurrency());
        }

        /** Changes every job; returns why the listing broke off, or {@code null}. */
        FineTuningException changeAll(Iterable<SelectedJob> jobs) {
            FineTuningException listingFailure = null;
            try {
                try {
                    for (SelectedJob job : jobs) {
                        slots.acquire();
                        submit(selected++, job);
                    }
                } catch (FineTuningInterruptedException e) {
                    stopAndHear();
                    throw e;
                } catch (FineTuningException e) {
                    listingFailure = e;
                }
                slots.acquire(request.concurrency()); // every task has ended
            } catch (InterruptedException e) {
                int finished = outcomes.size(); // before the interrupted workers add theirs
                stopAndHear();
                Thread.currentThread().interrupt();
                throw new FineTuningInterruptedException(
                        "Interrupted during bulk " + request.change().verb() + " after " + finished + " of the "
                                + selected + " jobs selected so far had finished");
            }
            return listingFailure;
        }

        private void submit(int position, SelectedJob job) {
            Runnable body = () -> {
                running.incrementAndGet();
                try {
                    JobOutcome outcome = handle(job);
                    outcomes.add(new Indexed(position, outcome));
                    listener.outcome(outcome);
                } finally {
                    running.decrementAndGet();
                    slots.release();
                }
            };
            FutureTask<Void> task = new FutureTask<>(body, null) {
                @Override
                protected void done() {
                    tasks.remove(this); // ended or cancelled: nothing left to cancel
                }
            };
            tasks.add(task);
            workers.execute(task);
        }

        /**
         * Interrupts this operation's workers and gives them a moment to log where they leave their jobs, so
         * that an aborted bulk change says which jobs are not in their final status.
         */
        private void stopAndHear() {
            for (Future<?> task : tasks) {
                task.cancel(true);
            }
            boolean interrupted = Thread.interrupted();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (running.get() > 0 && System.nanoTime() < until) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        BulkReport report(int listed, FineTuningException listingFailure, long started) {
            List<JobOutcome> ordered = new ArrayList<>(outcomes.size());
            outcomes.stream().sorted(Comparator.comparingInt(Indexed::position)).forEach(i -> ordered.add(i.outcome()));
            BulkReport report = new BulkReport(
                    request.change(),
                    request.dryRun(),
                    request.waitForFinalStatus(),
                    ordered,
                    listed,
                    listingFailure,
                    Duration.ofNanos(System.nanoTime() - started));
            String throttling = adaptive == null ? null : adaptive.summary();
            listener.line("Bulk " + request.change().verb() + (request.dryRun() ? " (dry run)" : "") + ": "
                    + report.summary() + " in " + report.elapsed().toMillis() + " ms"
                    + (throttling == null ? "" : "; " + throttling));
            return report;
        }

        /**
         * One job's outcome, with its previous status (as selected, else as read), and the model and request id
         * when Azure's answer gave them.
         */
        private JobOutcome handle(SelectedJob job) {
            JobChange change = request.change();
            String id = job.jobId();
            JobStatus selectedStatus = job.status() == null ? null : JobStatus.of(job.status());
            JobStatus status = selectedStatus;
            try {
                if (recheck || (status == null && request.dryRun())) {
                    FineTuningJob read = sending.get(id);
                    status = read.status();
                    if (recheck && !request.dryRun() && tookEffect(change, selectedStatus, status)) {
                        listener.line("Fine-tuning job " + id + ": is " + status.value() + ": the " + change.verb()
                                + " sent before the restart took effect; not sending it again");
                        return new JobOutcome(id, JobOutcome.Kind.CHANGED, status.value(), null)
                                .about(job.status(), read.model(), null);
                    }
                }
                if (status != null && !change.isEligible(status)) {
                    JobOutcome.Kind kind =
                            change.isAlreadyDone(status) ? JobOutcome.Kind.ALREADY_DONE : JobOutcome.Kind.SKIPPED;
                    // The same words as a real run's (JobChangeOperation), dry run or not.
                    listener.line(LogLines.unchanged(
                            change,
                            id,
                            status,
                            kind == JobOutcome.Kind.ALREADY_DONE
                                    ? JobChangeOutcome.ALREADY_DONE
                                    : JobChangeOutcome.NOT_ELIGIBLE));
                    return new JobOutcome(id, kind, status.value(), null).about(previous(job, status), null, null);
                }
                if (request.dryRun()) {
                    listener.line(
                            "Fine-tuning job " + id + ": would " + change.verb() + " (status " + status.value() + ")");
                    return new JobOutcome(id, JobOutcome.Kind.WOULD_CHANGE, status.value(), null)
                            .about(previous(job, status), null, null);
                }
                JobChangeResult result = JobChangeOperation.run(sending, request.requestFor(id), listener::line);
                JobStatus after = result.job().status();
                JobStatus before = selectedStatus != null ? selectedStatus : result.previousStatus();
                return new JobOutcome(id, kindOf(result.outcome()), after == null ? null : after.value(), null)
                        .about(
                                before == null ? null : before.value(),
                                result.job().model(),
                                result.requestId());
            } catch (FineTuningInterruptedException e) {
                listener.line("Fine-tuning job " + id + ": interrupted; "
                        + (e.lastStatus() == null
                                ? "its status is unknown (" + e.getMessage() + ")"
                                : "left in status " + e.lastStatus().value()));
                // A worker is interrupted only when the whole operation is: the caller reports it. Rethrowing
                // here would print a stack trace from the worker thread.
                Thread.currentThread().interrupt();
                return new JobOutcome(
                                id,
                                JobOutcome.Kind.FAILED,
                                e.lastStatus() == null ? null : e.lastStatus().value(),
                                e.getMessage(),
                                JobOutcome.Failure.OTHER)
                        .about(previous(job, status), null, null);
            } catch (RuntimeException e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                listener.line("Fine-tuning job " + id + ": failed: " + message);
                JobStatus lastSeen =
                        e instanceof FineTuningWaitTimeoutException timedOut && timedOut.lastStatus() != null
                                ? timedOut.lastStatus() // the change went through; the listing's status is stale
                                : status;
                return new JobOutcome(
                                id,
                                JobOutcome.Kind.FAILED,
                                lastSeen == null ? null : lastSeen.value(),
                                message,
                                JobOutcome.Failure.of(e))
                        .about(
                                previous(job, status),
                                null,
                                e instanceof FineTuningApiException api ? api.requestId() : null);
            }
        }
    }

    /** The status a job had before this operation: as selected, else as read. */
    private static String previous(SelectedJob job, JobStatus read) {
        return job.status() != null ? job.status() : read == null ? null : read.value();
    }

    /**
     * Whether a job re-read after a restart shows that the change sent before it took effect: it is now where
     * the change leads, and it was eligible when selected (or named by id, so not known).
     */
    static boolean tookEffect(JobChange change, JobStatus selected, JobStatus now) {
        if (now == null || change.isEligible(now)) {
            return false;
        }
        boolean there = change.isAlreadyDone(now) || now.equals(change.finalStatus());
        return there && (selected == null || change.isEligible(selected));
    }

    private static JobOutcome.Kind kindOf(JobChangeOutcome outcome) {
        return switch (outcome) {
            case CHANGED -> JobOutcome.Kind.CHANGED;
            case ALREADY_DONE -> JobOutcome.Kind.ALREADY_DONE;
            case NOT_ELIGIBLE -> JobOutcome.Kind.SKIPPED;
        };
    }

    private record Indexed(int position, JobOutcome outcome) {}

    /** One call at a time into the caller's listener, whichever worker makes it. */
    private static final class SerializedListener implements BulkListener {
        private final BulkListener delegate;

        SerializedListener(BulkListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void line(String line) {
            delegate.line(line);
        }

        @Override
        public synchronized void outcome(JobOutcome outcome) {
            delegate.outcome(outcome);
        }
    }

    /** Daemon workers with a recognisable name in thread dumps. */
    private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "foundry-fine-tuning-bulk-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
