package io.jenkins.plugins.finetune;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.JobListing;
import io.jenkins.plugins.finetune.client.bulk.JobSelector;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def jobs = fineTuneJobs(status: 'running', metadata: [team: 'ml'])}: the jobs a selector picks,
 * newest first, at most {@code limit}, each a map with the API's field names. Read-only.
 */
public class FineTuneJobsStep extends SelectorStep {

    static final int DEFAULT_LIMIT = 100;

    private int limit = DEFAULT_LIMIT;

    @DataBoundConstructor
    public FineTuneJobsStep() {}

    public int getLimit() {
        return limit;
    }

    /** At most this many jobs (1 to 10000; default 100). */
    @DataBoundSetter
    public void setLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, selection(), limit, getEndpoint(), getApiVersion(), getCredentialsId());
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<ArrayList<LinkedHashMap<String, Object>>> {

        @Serial
        private static final long serialVersionUID = 1L;

        private final transient Map<String, Object> selection;
        private final transient int limit;
        private final transient String endpoint;
        private final transient String apiVersion;
        private final transient String credentialsId;

        Execution(
                StepContext context,
                Map<String, Object> selection,
                int limit,
                String endpoint,
                String apiVersion,
                String credentialsId) {
            super(context);
            this.selection = selection;
            this.limit = limit;
            this.endpoint = endpoint;
            this.apiVersion = apiVersion;
            this.credentialsId = credentialsId;
        }

        @Override
        protected ArrayList<LinkedHashMap<String, Object>> run() throws Exception {
            JobSelector selector;
            try {
                // The change only matters for the default status of a bulk change; a listing has none.
                selector = BulkArguments.toRequest(JobChange.PAUSE, selection).selector();
            } catch (IllegalArgumentException e) {
                throw new AbortException("fineTuneJobs: " + e.getMessage());
            }
            Run<?, ?> run = getContext().get(Run.class);
            List<FineTuningJob> jobs = FoundryCall.run(
                    endpoint,
                    apiVersion,
                    credentialsId,
                    run,
                    "list fine-tuning jobs",
                    client -> JobListing.select(client, selector, limit));
            ArrayList<LinkedHashMap<String, Object>> maps = new ArrayList<>(jobs.size());
            for (FineTuningJob job : jobs) {
                maps.add(job.toMap());
            }
            return maps;
        }
    }

    @Extension
    public static final class DescriptorImpl extends SelectorStepDescriptor {

        @Override
        public String getFunctionName() {
            return "fineTuneJobs";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.FineTuneJobsStep_DisplayName();
        }

        @POST
        public FormValidation doCheckLimit(@AncestorInPath Item item, @QueryParameter String value) {
            return Forms.ifCanConfigure(item, () -> Forms.checkLimit(value));
        }
    }
}
