package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.Page;
import java.util.ArrayList;
import java.util.HashMap;
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
            client.listAllJobs(limit == null ? FineTuningClient.MAX_PAGE_SIZE : limit)
                    .forEach(jobs::add);
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
