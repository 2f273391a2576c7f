package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each exit code means, and which failure maps to which: one table for single and bulk
 * commands, printed by {@code --help} ({@link #HELP}) and repeated in the README and docs.
 */
final class ExitCodes {

    static final int OK = 0;
    /** An unexpected failure (a bug): picocli's own "software" code. */
    static final int SOFTWARE = 1;

    static final int USAGE = 2;
    static final int AZURE_ERROR = 3;
    static final int NO_ANSWER = 4;
    static final int WAIT_TIMED_OUT = 5;
    static final int INTERRUPTED = 130;

    /** The {@code --help} table, code → meaning; README.md and docs/cli.md repeat it word for word. */
    static Map<String, String> table() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put("  0", "success");
        table.put("  1", "unexpected failure (a bug: please report it)");
        table.put(
                "  2",
                "usage error: bad option or value, missing environment variable, bulk change without a selector or --all");
        table.put(
                "  3",
                "Azure refused or answered with an error (HTTP 4xx/5xx, job in the wrong status, a listing that cannot complete)");
        table.put("  4", "network error or no answer (connection refused, DNS, TLS, response timeout)");
        table.put(
                "  5",
                "--wait or --follow ran out of time, or the job ended in another status than the one waited for");
        table.put("130", "interrupted (Ctrl-C); jobs not yet in their final status are listed on stderr");
        return table;
    }

    /** Says how bulk commands pick one code from many jobs. */
    static final String HEADING = "%nExit codes (pause-jobs and resume-jobs: the lowest code among their failures):%n";

    private ExitCodes() {}

    static int of(Throwable failure) {
        if (failure instanceof UsageException || failure instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (failure instanceof FineTuningInterruptedException) {
            return INTERRUPTED;
        }
        return of(JobOutcome.Failure.of(failure));
    }

    static int of(JobOutcome.Failure failure) {
        return switch (failure) {
            case AZURE_ERROR -> AZURE_ERROR;
            case NO_ANSWER -> NO_ANSWER;
            case WAIT_TIMED_OUT -> WAIT_TIMED_OUT;
            case OTHER -> SOFTWARE;
        };
    }

    /** The lowest code among a bulk change's failures (the listing's and each job's), or 0. */
    static int of(BulkReport report) {
        int code = report.listingFailure() == null ? Integer.MAX_VALUE : of(report.listingFailure());
        for (JobOutcome outcome : report.outcomes()) {
            if (outcome.kind() == JobOutcome.Kind.FAILED) {
                code = Math.min(code, of(outcome.failure()));
            } else if (waitedInVain(report, outcome)) {
                code = Math.min(code, WAIT_TIMED_OUT);
            }
        }
        return code == Integer.MAX_VALUE ? OK : code;
    }

    /** A changed job that, after waiting, sits in another status than the change leads to (e.g. failed). */
    private static boolean waitedInVain(BulkReport report, JobOutcome outcome) {
        return report.waitedForFinalStatus()
                && outcome.kind() == JobOutcome.Kind.CHANGED
                && !report.change().finalStatus().value().equalsIgnoreCase(String.valueOf(outcome.status()));
    }
}
