package io.jenkins.plugins.finetune.execution;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.io.IOException;
import java.io.PrintStream;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one execution path of the bulk steps and the selector build steps: translate the arguments with the
 * client's {@link BulkArguments}, run {@link BulkOperation} through {@link FoundryCall} (one line per job and
 * a summary in the build log), record every job on the build page, and fail when asked to.
 */
@Restricted(NoExternalUse.class)
public final class BulkInvocation {

    private BulkInvocation() {}

    /**
     * @throws AbortException for invalid arguments (naming the argument), connection problems, or, with
     *     {@code failOnError}, when any job failed (the message is the summary)
     * @throws InterruptedException when the build is aborted
     */
    @NonNull
    public static BulkReport run(
            @NonNull JobChange change,
            @NonNull BulkSettings settings,
            @NonNull Run<?, ?> run,
            @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        BulkRequest request;
        try {
            request = BulkArguments.toCheckedRequest(change, settings.arguments(), BulkArguments.PIPELINE);
        } catch (IllegalArgumentException e) {
            throw new AbortException("Bulk " + change.verb() + ": " + e.getMessage());
        }
        PrintStream logger = listener.getLogger();
        BulkReport report = FoundryCall.run(
                settings.target(),
                run,
                listener,
                change.verb() + " fine-tuning jobs",
                client -> BulkOperation.run(client, request, line -> logger.println(ConsoleText.sanitize(line))));
        FineTuneJobsAction.record(run, report);
        if (report.hasFailures() && settings.failOnError()) {
            throw new AbortException("Bulk " + change.verb() + " failed: " + ConsoleText.sanitize(report.summary()));
        }
        return report;
    }
}
