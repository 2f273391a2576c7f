package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.bulk.SelectionRefusedException;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * pause-jobs and resume-jobs: the bulk steps' selection ({@link BulkArguments}, the same translation
 * as {@code pauseFineTunes}) for cron outside Jenkins. One line per job on stderr, the outcomes on stdout.
 */
abstract class BulkChangeCommand extends ClientCommand {

    @Option(
            names = "--status",
            paramLabel = "STATUS",
            split = ",",
            description = "Select jobs in these statuses: validating_files, queued, running, pausing, paused, resuming,"
                    + " succeeded, failed or cancelled (default: running for pause-jobs, paused for resume-jobs).")
    private List<String> statuses = new ArrayList<>();

    @Option(names = "--suffix", paramLabel = "PREFIX", description = "Select jobs whose suffix starts with this.")
    private String suffix;

    @Option(
            names = "--suffix-regex",
            paramLabel = "REGEX",
            description = "Select jobs whose whole suffix matches this.")
    private String suffixRegex;

    @Option(names = "--model", paramLabel = "MODEL", description = "Select jobs on this base model.")
    private String model;

    @Option(
            names = "--metadata",
            paramLabel = "KEY=VALUE",
            description = "Select jobs with this metadata pair (repeatable; all must match).")
    private List<String> metadata = new ArrayList<>();

    @Option(
            names = "--job-id",
            paramLabel = "JOB_ID",
            split = ",",
            description = "Act on these jobs instead of a selection (repeatable).")
    private List<String> jobIds = new ArrayList<>();

    @Option(
            names = "--all",
            description = "Without a selector: confirm that every running (pause-jobs) or paused (resume-jobs) job"
                    + " of the resource is meant.")
    private boolean all;

    @Option(
            names = "--allow-unknown-status",
            description = "Accept --status values this tool does not know (a status Azure added later).")
    private boolean allowUnknownStatus;

    @Option(names = "--dry-run", description = "Report what would happen; send no pause or resume.")
    private boolean dryRun;

    @Option(names = "--wait", description = "Wait until every changed job reaches its final status.")
    private boolean waitForFinalStatus;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            converter = Seconds.class,
            description = "With --wait: how long to wait for each job's final status (default 1800).")
    private Duration timeout;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description = "Most jobs handled at once, 1-64 (default 64); below it the requests in flight adapt to"
                    + " throttling (429/503).")
    private Integer concurrency;

    @Option(
            names = "--max-jobs",
            paramLabel = "N",
            description = "Most jobs one run selects (default 100000); the listing stops with an error beyond it, and"
                    + " after ten times as many jobs listed.")
    private Integer maxJobs;

    @Option(
            names = "--fail-on-error",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Exit non-zero when any job failed (default). --no-fail-on-error exits 0 and reports the"
                    + " failed jobs; a listing that cannot complete still exits non-zero.")
    private boolean failOnError;

    /** The bulk arguments as the user types them; the client's messages are spelled with these. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("status", "--status"),
            Map.entry("suffix", "--suffix"),
            Map.entry("suffixRegex", "--suffix-regex"),
            Map.entry("model", "--model"),
            Map.entry("metadata", "--metadata"),
            Map.entry("jobIds", "--job-id"),
            Map.entry("jobId", "--job-id"),
            Map.entry("all", "--all"),
            Map.entry("allowUnknownStatus", "--allow-unknown-status"),
            Map.entry("dryRun", "--dry-run"),
            Map.entry("wait", "--wait"),
            Map.entry("timeout", "--timeout"),
            Map.entry("concurrency", "--concurrency"),
            Map.entry("maxJobs", "--max-jobs"));

    private static final BulkArguments.Spelling SPELLING = new BulkArguments.Spelling() {
        @Override
        public String of(String argument) {
            return OPTIONS.getOrDefault(argument, argument);
        }

        @Override
        public String enabled(String argument) {
            return of(argument);
        }
    };

    private BulkRequest request;

    abstract JobChange change();

    @Override
    Map<String, String> optionNames() {
        Map<String, String> names = new HashMap<>(OptionNames.COMMON);
        names.putAll(OPTIONS);
        return names;
    }

    /** The selection is checked before any credential is read or request sent. */
    @Override
    void validate() {
        warnIfWithoutWait(waitForFinalStatus, "--timeout");
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("status", statuses);
        arguments.put("suffix", suffix);
        arguments.put("suffixRegex", suffixRegex);
        arguments.put("model", model);
        arguments.put("metadata", metadataMap());
        arguments.put("jobIds", jobIds);
        arguments.put("all", all);
        arguments.put("allowUnknownStatus", allowUnknownStatus);
        arguments.put("dryRun", dryRun);
        arguments.put("wait", waitForFinalStatus);
        arguments.put("timeout", timeout);
        arguments.put("concurrency", concurrency);
        arguments.put("maxJobs", maxJobs);
        request = BulkArguments.toCheckedRequest(change(), arguments, SPELLING);
    }

    private Map<String, String> metadataMap() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : metadata) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("--metadata: takes KEY=VALUE, e.g. --metadata pause_at_night=true");
            }
            pairs.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return pairs;
    }

    @Override
    int run(FineTuningClient client) {
        BulkReport report = BulkOperation.run(client, request, this::log);
        FineTuningException listing = report.listingFailure();
        if (listing == null) {
            output().outcomes(report);
            return failOnError ? ExitCodes.of(report) : ExitCodes.OK;
        }
        if (!report.outcomes().isEmpty()) {
            output().outcomes(report); // what was done; never an empty list that would read as "no jobs"
        }
        // The summary line above already gave the reason; a JSON error stands alone, so it repeats it.
        String reason = jsonErrors() ? ": " + listing.getMessage() : " (the reason is in the summary above)";
        if (listing instanceof SelectionRefusedException refused && refused.isCap()) {
            reason += "; select fewer jobs with --status, --suffix, --suffix-regex, --model or --metadata, or raise"
                    + " --max-jobs (now " + request.maxJobs() + ")";
        }
        reportFailure(
                ExitCodes.of(listing),
                "listing the jobs stopped early" + reason
                        + (report.outcomes().isEmpty()
                                ? "; no job was changed."
                                : "; the outcomes printed cover only the jobs listed before that."));
        return failOnError ? ExitCodes.of(report) : ExitCodes.of(listing);
    }
}
