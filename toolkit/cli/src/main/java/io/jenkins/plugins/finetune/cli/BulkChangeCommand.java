package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.util.ArrayList;
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
            description = "Select jobs in these statuses (default: running for pause-jobs, paused for resume-jobs).")
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
    private Map<String, String> metadata = new LinkedHashMap<>();

    @Option(
            names = "--job-id",
            paramLabel = "JOB_ID",
            split = ",",
            description = "Act on these jobs instead of a selection (repeatable).")
    private List<String> jobIds = new ArrayList<>();

    @Option(names = "--dry-run", description = "Report what would happen; send no pause or resume.")
    private boolean dryRun;

    @Option(names = "--wait", description = "Wait until every changed job reaches its final status.")
    private boolean waitForFinalStatus;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "With --wait: seconds to wait per job (default 1800).")
    private Integer timeout;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description = "Most jobs handled at once, 1-64 (default 64); below it the requests in flight adapt to"
                    + " throttling (429/503).")
    private Integer concurrency;

    @Option(
            names = "--fail-on-error",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Exit 3 when any job failed (default). --no-fail-on-error exits 0 and reports the failures.")
    private boolean failOnError;

    abstract JobChange change();

    @Override
    int run(FineTuningClient client) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("status", statuses);
        arguments.put("suffix", suffix);
        arguments.put("suffixRegex", suffixRegex);
        arguments.put("model", model);
        arguments.put("metadata", metadata);
        arguments.put("jobIds", jobIds);
        arguments.put("dryRun", dryRun);
        arguments.put("wait", waitForFinalStatus);
        arguments.put("timeout", timeout);
        arguments.put("concurrency", concurrency);
        BulkReport report = BulkOperation.run(client, BulkArguments.toRequest(change(), arguments), this::log);
        output().outcomes(report);
        return report.hasFailures() && failOnError ? ExitCodes.API_ERROR : ExitCodes.OK;
    }
}
