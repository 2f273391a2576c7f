package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningEvent;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "events", description = "List a job's events, newest first (one page).")
final class EventsCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The fine-tuning job id.")
    private String jobId;

    @Option(names = "--after", paramLabel = "EVENT_ID", description = "Start after this event id.")
    private String after;

    @Option(names = "--limit", paramLabel = "N", description = "Page size, 1-100 (default: Azure's, 20).")
    private Integer limit;

    /** Checked before credentials are read; the client's message says "after:", the option is --after. */
    @Override
    void validate() {
        String problem = after == null || after.isBlank() ? null : JobIds.problemWithEventId(after);
        if (problem != null) {
            throw new UsageException("--after: " + problem.substring(problem.indexOf(": ") + 2));
        }
    }

    @Override
    int run(FineTuningClient client) {
        Page<FineTuningEvent> page = client.listEvents(jobId, after, limit);
        output().events(page.data());
        if (page.hasMore() && !page.data().isEmpty()) {
            log("More events follow: run again with --after "
                    + page.data().get(page.data().size() - 1).id() + ".");
        }
        return ExitCodes.OK;
    }
}
