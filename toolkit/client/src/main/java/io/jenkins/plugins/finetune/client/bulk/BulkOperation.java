package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FineTuningWaitTimeoutException;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * <p>Jobs are listed page by page and handed to workers as they arrive; at most
 * {@code 2 × concurrency} are in flight or queued (an id and a status each), so memory holds one
 * page, those jobs and the small per-job outcomes, however many jobs there are. One job's failure
 * never stops the others. A dry run sends no state-changing request. Interrupting the calling
 * thread stops everything.
 */
public final class BulkOperation {

    private BulkOperation() {}

    /**
     * @param log receives one line per job and a summary; called from several threads, one line at a time
     */
    public static BulkReport run(FineTuningClient client, BulkRequest request, Consumer<String> log) {
        Consumer<String> lines = line -> {
            synchronized (log) {
                log.accept(line);
            }
        };
        long started = System.nanoTime();
        ConcurrentLinkedQueue<Indexed> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger listed = new AtomicInteger();
        FineTuningException listingFailure = null;
        AdaptiveConcurrency adaptive = request.adaptive() ? new AdaptiveConcurrency(request.concurrency()) : null;
        FineTuningClient sending = adaptive == null ? client : client.withRequestGate(adaptive);
        ExecutorService workers = Executors.newFixedThreadPool(request.concurrency(), new WorkerThreads());
        // A job in hand per worker and one queued each: the listing fetches the next page while the workers
        // still have work, and never runs further ahead than that.
        Semaphore slots = new Semaphore(request.concurrency() * 2);
        AtomicInteger selected = new AtomicInteger();
        try {
            try {
                for (Candidate candidate : candidates(sending, request, listed)) {
                    slots.acquire();
                    int position = selected.getAndIncrement();
                    workers.execute(() -> {
                        try {
                            outcomes.add(new Indexed(position, handle(sending, request, candidate, lines)));
                        } finally {
                            slots.release();
                        }
                    });
                }
            } catch (FineTuningInterruptedException e) {
                stopAndHear(workers);
                throw e;
            } catch (FineTuningException e) {
                listingFailure = e;
            }
            workers.shutdown();
            slots.acquire(request.concurrency() * 2);
            workers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            int finished = outcomes.size(); // before the interrupted workers add theirs
            stopAndHear(workers);
            Thread.currentThread().interrupt();
            throw new FineTuningInterruptedException(
                    "Interrupted during bulk " + request.change().verb() + " after " + finished + " of the "
                            + selected.get() + " jobs selected so far had finished");
        } finally {
            workers.shutdownNow();
        }
        List<JobOutcome> ordered = new ArrayList<>(outcomes.size());
        outcomes.stream().sorted(Comparator.comparingInt(Indexed::position)).forEach(i -> ordered.add(i.outcome()));
        BulkReport report = new BulkReport(
                request.change(),
                request.dryRun(),
                request.waitForFinalStatus(),
                ordered,
                listed.get(),
                listingFailure,
                Duration.ofNanos(System.nanoTime() - started));
        lines.accept("Bulk " + request.change().verb() + (request.dryRun() ? " (dry run)" : "") + ": "
                + report.summary() + " in " + report.elapsed().toMillis() + " ms; "
                + (adaptive == null ? "fixed concurrency " + request.concurrency() : adaptive.summary()));
        return report;
    }

    /**
     * Interrupts the workers and gives them a moment to log where they leave their jobs, so that an
     * aborted bulk change says which jobs are not in their final status.
     */
    private static void stopAndHear(ExecutorService workers) {
        workers.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException again) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The selected jobs: the explicit ids as given, or listed jobs that match, lazily. */
    private static Iterable<Candidate> candidates(FineTuningClient client, BulkRequest request, AtomicInteger listed) {
        JobSelector selector = request.selector();
        if (!selector.jobIds().isEmpty()) {
            return () -> selector.jobIds().stream()
                    .map(id -> new Candidate(id, null))
                    .iterator();
        }
        Iterable<FineTuningJob> all = client.listAllJobs(request.pageSize());
        // A lazy stream over the lazy pages: one page in memory at a time.
        return () -> StreamSupport.stream(all.spliterator(), false)
                .peek(job -> listed.incrementAndGet())
                .filter(job -> selector.matchesAttributes(job) && request.statusSelected(job.status()))
                .map(job -> new Candidate(job.id(), job.status()))
                .iterator();
    }

    private static JobOutcome handle(
            FineTuningClient client, BulkRequest request, Candidate candidate, Consumer<String> lines) {
        JobChange change = request.change();
        String id = candidate.jobId();
        try {
            JobStatus status = candidate.status();
            if (status == null && request.dryRun()) {
                status = client.get(id).status();
            }
            if (status != null && !change.isEligible(status)) {
                JobOutcome.Kind kind =
                        change.isAlreadyDone(status) ? JobOutcome.Kind.ALREADY_DONE : JobOutcome.Kind.SKIPPED;
                // The same words as a real run's (JobChangeOperation), dry run or not.
                lines.accept(LogLines.unchanged(
                        change,
                        id,
                        status,
                        kind == JobOutcome.Kind.ALREADY_DONE
                                ? JobChangeOutcome.ALREADY_DONE
                                : JobChangeOutcome.NOT_ELIGIBLE));
                return new JobOutcome(id, kind, status.value(), null);
            }
            if (request.dryRun()) {
                lines.accept("Fine-tuning job " + id + ": would " + change.verb() + " (status " + status.value() + ")");
                return new JobOutcome(id, JobOutcome.Kind.WOULD_CHANGE, status.value(), null);
            }
            JobChangeResult result = JobChangeOperation.run(client, request.requestFor(id), lines);
            JobStatus after = result.job().status();
            return new JobOutcome(id, kindOf(result.outcome()), after == null ? null : after.value(), null);
        } catch (FineTuningInterruptedException e) {
            lines.accept("Fine-tuning job " + id + ": interrupted; "
                    + (e.lastStatus() == null
                            ? "its status is unknown (" + e.getMessage() + ")"
                            : "left in status " + e.lastStatus().value()));
            // A worker is interrupted only when the whole operation is: the caller reports it. Rethrowing here
            // would print a stack trace from the worker thread.
            Thread.currentThread().interrupt();
            return new JobOutcome(
                    id,
                    JobOutcome.Kind.FAILED,
                    e.lastStatus() == null ? null : e.lastStatus().value(),
                    e.getMessage(),
                    JobOutcome.Failure.OTHER);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            lines.accept("Fine-tuning job " + id + ": failed: " + message);
            JobStatus lastSeen = e instanceof FineTuningWaitTimeoutException timedOut && timedOut.lastStatus() != null
                    ? timedOut.lastStatus() // the change went through; the listing's status is stale
                    : candidate.status();
            return new JobOutcome(
                    id,
                    JobOutcome.Kind.FAILED,
                    lastSeen == null ? null : lastSeen.value(),
                    message,
                    JobOutcome.Failure.of(e));
        }
    }

    private static JobOutcome.Kind kindOf(JobChangeOutcome outcome) {
        return switch (outcome) {
            case CHANGED -> JobOutcome.Kind.CHANGED;
            case ALREADY_DONE -> JobOutcome.Kind.ALREADY_DONE;
            case NOT_ELIGIBLE -> JobOutcome.Kind.SKIPPED;
        };
    }

    /** A selected job, with its status when it came from the list. */
    private record Candidate(String jobId, JobStatus status) {}

    private record Indexed(int position, JobOutcome outcome) {}

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
