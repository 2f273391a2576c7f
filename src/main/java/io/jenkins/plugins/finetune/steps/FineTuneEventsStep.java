package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningEvent;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.Page;
import io.jenkins.plugins.finetune.client.bulk.JobListing;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.stepexecutions.JobReadExecution;
import java.io.Serial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def events = fineTuneEvents(jobId: 'ftjob-abc', limit: 50)}: a job's latest events, newest first as Azure
 * lists them, each a map with the API's field names ({@code id}, {@code created_at}, {@code level},
 * {@code message}, {@code type}, {@code data}, and any field Azure adds). Read-only.
 */
public class FineTuneEventsStep extends FoundryStep {

    static final int DEFAULT_LIMIT = 100;

    private final String jobId;
    private int limit = DEFAULT_LIMIT;

    @DataBoundConstructor
    public FineTuneEventsStep(@NonNull String jobId) {
        this.jobId = Util.fixNull(jobId).trim();
    }

    @NonNull
    public String getJobId() {
        return jobId;
    }

    public int getLimit() {
        return limit;
    }

    /** At most this many events, the newest (1 to 10000; default 100). */
    @DataBoundSetter
    public void setLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (limit < 1 || limit > JobListing.MAX_LIMIT) {
            throw new AbortException(Messages.FineTuneEventsStep_LimitOutOfRange(
                    String.valueOf(JobListing.MAX_LIMIT), String.valueOf(limit)));
        }
        return new JobReadExecution(
                context,
                target(context),
                jobId,
                Messages.FineTuneEventsStep_Events(jobId),
                Messages.FineTuneEventsStep_ReadEvents(jobId),
                new ReadEvents(limit));
    }

    /**
     * The newest {@code limit} events, page by page; a page that does not move the listing on (no usable cursor,
     * or one seen before, as a broken or hostile server may send) ends it.
     */
    static ArrayList<LinkedHashMap<String, Object>> latest(FineTuningClient client, String jobId, int limit) {
        ArrayList<LinkedHashMap<String, Object>> events = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String after = null;
        while (events.size() < limit) {
            Page<FineTuningEvent> page =
                    client.listEvents(jobId, after, Math.min(FineTuningClient.MAX_PAGE_SIZE, limit - events.size()));
            List<FineTuningEvent> data = page.data();
            for (FineTuningEvent event : data.subList(0, Math.min(data.size(), limit - events.size()))) {
                events.add(event.toMap());
            }
            after = data.isEmpty() ? null : data.get(data.size() - 1).id();
            if (!page.hasMore() || after == null || JobIds.problemWithEventId(after) != null || !cursors.add(after)) {
                break;
            }
        }
        return events;
    }

    /** The newest {@code limit} events as maps. */
    private static final class ReadEvents implements JobReadExecution.Read {

        @Serial
        private static final long serialVersionUID = 1L;

        private final int limit;

        ReadEvents(int limit) {
            this.limit = limit;
        }

        @Override
        public ArrayList<LinkedHashMap<String, Object>> read(FineTuningClient client, String jobId, Run<?, ?> run) {
            return latest(client, jobId, limit);
        }
    }

    @Extension
    public static final class DescriptorImpl extends FoundryStepDescriptor {

        @Override
        public String getFunctionName() {
            return "fineTuneEvents";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.FineTuneEventsStep_DisplayName();
        }

        @POST
        public FormValidation doCheckJobId(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkJobId(value));
        }

        @POST
        public FormValidation doCheckLimit(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkLimit(value));
        }
    }
}
