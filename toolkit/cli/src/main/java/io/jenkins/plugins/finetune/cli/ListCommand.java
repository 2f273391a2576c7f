package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List jobs, newest first: one page, or every job with --all.")
final class ListCommand extends ClientCommand {

    @Option(
            names = "--after",
            paramLabel = "JOB_ID",
            description = "Start after this job id (the last id of the previous page).")
    private String after;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Page size, 1-100 (default: Azure's, 20; with --all: 100).")
    private Integer limit;

    @Option(names = "--all", description = "Follow every page.")
    private boolean all;

    @Option(
            names = "--max",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_MAX,
            description = "With --all: at most this many jobs, 1-1000000; past it the listing fails (exit 3) and"
                    + " prints nothing (default ${DEFAULT-VALUE}).")
    private int max;

    /** As many as one bulk change selects at most by default: a listing past it is a server going round. */
    static final int DEFAULT_MAX = 100_000;

    @Override
    void validate() {
        if (max < 1 || max > 1_000_000) {
            throw new UsageException("--max: must be between 1 and 1000000, got " + max);
        }
        if (!all && max != DEFAULT_MAX) {
            throw new UsageException("--max: applies to --all only; one page is at most --limit jobs");
        }
    }

    @Override
    Map<String, String> optionNames() {
        Map<String, String> names = new HashMap<>(OptionNames.COMMON);
        names.put("jobId", "--after"); // the only job id a listing takes
        return names;
    }

    @Override
    int run(FineTuningClient client) {
        if (all && after != null) {
            throw new UsageException("--after: cannot be combined with --all, which starts at the newest job");
        }
        if (all) {
            List<FineTuningJob> jobs = new ArrayList<>();
            Iterator<FineTuningJob> listing = client.listAllJobs(limit == null ? FineTuningClient.MAX_PAGE_SIZE : limit)
                    .iterator();
            while (listing.hasNext()) {
                if (jobs.size() == max) { // held in memory until printed whole: bounded
                    reportFailure(
                            ExitCodes.AZURE_ERROR,
                            "Azure still said more jobs follow after " + max + ", the most --max lets one listing"
                                    + " take; nothing was printed. Raise --max, or page with --limit and --after.");
                    return ExitCodes.AZURE_ERROR;
                }
                jobs.add(listing.next());
            }
            output().jobs(jobs);
            return ExitCodes.OK;
        }
        Page<FineTuningJob> page = client.listJobs(after, limit);
        output().jobs(page.data());
        if (page.hasMore() && !page.data().isEmpty()) {
            log("More jobs follow: run again with --after "
                    + page.data().get(page.data().size() - 1).id() + " for the next page, or with --all.");
        }
        return ExitCodes.OK;
    }
}
