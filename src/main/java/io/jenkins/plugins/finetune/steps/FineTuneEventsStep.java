package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningEvent;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.Page;
import io.jenkins.plugins.finetune.client.bulk.JobListing;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.stepexecutions.ReadExecution;
import java.io.IOException;
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
            throw new AbortException("limit: must be between 1 and " + JobListing.MAX_LIMIT + ", got " + limit);
        }
        return new Execution(context, this);
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

    static final class Execution extends ReadExecution {

        @Serial
        private static final long serialVersionUID = 1L;

        private final String jobId;
        private final int limit;
        private final FoundryTarget target;

        Execution(StepContext context, FineTuneEventsStep step) throws IOException, InterruptedException {
            super(context);
            this.jobId = step.getJobId();
            this.limit = step.getLimit();
            this.target = step.target(context);
        }

        @Override
        protected ArrayList<LinkedHashMap<String, Object>> read() throws Exception {
            return FoundryCall.run(target, run(), listener(), "read " + what(), client -> latest(client, jobId, limit));
        }

        @Override
        protected FoundryTarget callTarget() {
            return target;
        }

        @NonNull
        @Override
        protected String what() {
            return "the events of fine-tuning job '" + jobId + "'";
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
