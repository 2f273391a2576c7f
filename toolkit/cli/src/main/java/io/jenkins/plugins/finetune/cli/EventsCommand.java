package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningEvent;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FineTuningWaitTimeoutException;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.NewEvents;
import io.jenkins.plugins.finetune.client.Page;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "events",
        description = {
            "List a job's events, newest first (one page),",
            "or with --follow print each new event once, oldest first, until the job ends."
        })
final class EventsCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The fine-tuning job id.")
    private String jobId;

    @Option(names = "--after", paramLabel = "EVENT_ID", description = "Start after this event id.")
    private String after;

    @Option(names = "--limit", paramLabel = "N", description = "Page size, 1-100 (default: Azure's, 20).")
    private Integer limit;

    @Option(
            names = {"-f", "--follow"},
            description = "Print new events as they come, each once and in order, until the job succeeds, fails or"
                    + " is cancelled (exit 0 when it succeeded, 5 otherwise).")
    private boolean follow;

    @Option(
            names = "--poll-interval",
            paramLabel = "SECONDS",
            converter = Seconds.class,
            defaultValue = "10",
            description = "With --follow: time between looks at the job (default ${DEFAULT-VALUE}).")
    private Duration pollInterval;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            converter = Seconds.class,
            description = "With --follow: stop after this long (exit 5) (default: until the job ends).")
    private Duration timeout;

    @Option(
            names = "--max-per-poll",
            paramLabel = "N",
            defaultValue = "100",
            description = "With --follow: most events printed per look; beyond them the newest are printed and a line"
                    + " on stderr says older ones were skipped, 1-1000 (default ${DEFAULT-VALUE}).")
    private int maxPerPoll;

    /** Checked before credentials are read; the client's message says "after:", the option is --after. */
    @Override
    void validate() {
        String problem = after == null || after.isBlank() ? null : JobIds.problemWithEventId(after);
        if (problem != null) {
            throw new UsageException("--after: " + problem.substring(problem.indexOf(": ") + 2));
        }
        if (follow && (after != null || limit != null)) {
            throw new UsageException("--after and --limit list one page; --follow starts at the job's newest events"
                    + " (use --max-per-poll to bound them)");
        }
        if (maxPerPoll < 1 || maxPerPoll > FineTuningClient.MAX_EVENTS_PER_CALL) {
            throw new UsageException("--max-per-poll: must be between 1 and " + FineTuningClient.MAX_EVENTS_PER_CALL
                    + ", got " + maxPerPoll);
        }
        for (String option : new String[] {"--poll-interval", "--timeout", "--max-per-poll"}) {
            warnIfWithout(follow, "--follow", option);
        }
    }

    @Override
    int run(FineTuningClient client) {
        if (follow) {
            return follow(client);
        }
        Page<FineTuningEvent> page = client.listEvents(jobId, after, limit);
        output().events(page.data());
        if (page.hasMore() && !page.data().isEmpty()) {
            log("More events follow: run again with --after "
                    + page.data().get(page.data().size() - 1).id() + ".");
        }
        return ExitCodes.OK;
    }

    /**
     * Reads the status, then the events since the last one printed, so that the events read after the job ended
     * include its last ones; stops when it has ended.
     */
    private int follow(FineTuningClient client) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        log("Following the events of fine-tuning job " + jobId + " every " + Durations.seconds(pollInterval)
                + " until it ends (Ctrl-C to stop).");
        Output output = output();
        String cursor = null;
        FineTuningJob last = null;
        while (true) {
            FineTuningJob job;
            NewEvents events;
            try {
                job = client.get(jobId);
                events = client.eventsSince(jobId, cursor, maxPerPoll);
            } catch (FineTuningException e) {
                // Ctrl-C may land in a call as well as in the sleep: either way the follow was interrupted.
                if (e instanceof FineTuningInterruptedException
                        || Thread.currentThread().isInterrupted()) {
                    throw interrupted(last);
                }
                throw e;
            }
            last = job;
            if (events.olderOmitted()) {
                log("More than " + maxPerPoll + " new events since the last look: older ones were skipped"
                        + " (--max-per-poll raises the bound).");
            } else if (events.lastSeenMissing()) {
                log("The last event printed (" + cursor + ") is no longer listed: some events may repeat.");
            }
            output.followedEvents(events.events());
            cursor = events.lastEventId();
            JobStatus status = job.status();
            if (status != null && status.isTerminal()) {
                return ended(job);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new FineTuningWaitTimeoutException(
                        "Timed out after " + Durations.seconds(timeout) + " following fine-tuning job '" + jobId
                                + "'; its last status was '" + status + "'.",
                        job);
            }
            try {
                Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, remaining / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(job);
            }
        }
    }

    private FineTuningInterruptedException interrupted(FineTuningJob last) {
        Thread.currentThread().interrupt();
        return new FineTuningInterruptedException(
                "Interrupted while following fine-tuning job '" + jobId + "'"
                        + (last == null ? "" : "; its last status was '" + last.status() + "'"),
                last);
    }

    private int ended(FineTuningJob job) {
        if (JobStatus.SUCCEEDED.equals(job.status())) {
            log("Fine-tuning job " + jobId + " succeeded"
                    + (job.fineTunedModel() == null ? "." : ": " + job.fineTunedModel()));
            return ExitCodes.OK;
        }
        String error = job.errorSummary();
        reportFailure(
                ExitCodes.WAIT_TIMED_OUT,
                "fine-tuning job " + jobId + " ended in status '" + job.status() + "', not 'succeeded'"
                        + (error == null ? "" : " (" + error + ")"));
        return ExitCodes.WAIT_TIMED_OUT;
    }

    @Override
    java.util.Map<String, String> optionNames() {
        java.util.Map<String, String> names = new java.util.HashMap<>(OptionNames.COMMON);
        names.put("maxEvents", "--max-per-poll");
        return names;
    }

    /** Whole seconds when whole, as the options were given. */
    private static final class Durations {
        static String seconds(Duration duration) {
            long millis = duration.toMillis();
            return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
        }
    }
}
