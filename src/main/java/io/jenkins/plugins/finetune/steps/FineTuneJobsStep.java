package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.changes.BulkSettings;
import io.jenkins.plugins.finetune.changes.BulkText;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.JobListing;
import io.jenkins.plugins.finetune.client.bulk.JobSelector;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.forms.SelectionText;
import io.jenkins.plugins.finetune.stepexecutions.ReadExecution;
import java.io.IOException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
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
    private String fields;

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

    /** The job fields each returned map keeps, e.g. {@code id, status}; {@code null}: every field. */
    @CheckForNull
    public String getFields() {
        return fields;
    }

    /**
     * Keep only these fields of each job (API names, e.g. {@code ['id', 'status']}), so that a long list stays
     * small in the Pipeline's saved state; blank: every field.
     */
    @DataBoundSetter
    public void setFields(@CheckForNull String fields) {
        this.fields = SelectionText.wordsOrNull(fields);
    }

    /** Each job as a map, only with {@code fields} when set (a field the job lacks is {@code null}). */
    static LinkedHashMap<String, Object> project(FineTuningJob job, @CheckForNull String fields) {
        LinkedHashMap<String, Object> all = job.toMap();
        if (fields == null) {
            return all;
        }
        LinkedHashMap<String, Object> projected = new LinkedHashMap<>();
        for (String field : BulkText.words(fields)) {
            projected.put(field, all.get(field));
        }
        return projected;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, this);
    }

    static final class Execution extends ReadExecution {

        @Serial
        private static final long serialVersionUID = 1L;

        // What a read after a restart needs: the step's selector texts, limit and fields, and where to call.
        private final String status;
        private final String suffix;
        private final String suffixRegex;
        private final String model;
        private final String metadata;
        private final int limit;

        @CheckForNull
        private final String fields;

        private final FoundryTarget target;

        Execution(StepContext context, FineTuneJobsStep step) throws IOException, InterruptedException {
            super(context);
            this.status = step.getStatus();
            this.suffix = step.getSuffix();
            this.suffixRegex = step.getSuffixRegex();
            this.model = step.getModel();
            this.metadata = step.getMetadata();
            this.limit = step.getLimit();
            this.fields = step.getFields();
            this.target = step.target(context);
        }

        @Override
        protected FoundryTarget callTarget() {
            return target;
        }

        @Override
        protected ArrayList<LinkedHashMap<String, Object>> read() throws Exception {
            JobSelector selector;
            try {
                // The change only matters for the default status of a bulk change; a listing has none.
                selector = BulkArguments.toRequest(
                                JobChange.PAUSE, BulkSettings.selection(status, suffix, suffixRegex, model, metadata))
                        .selector();
            } catch (IllegalArgumentException e) {
                throw new AbortException(Messages.FineTuneJobsStep_InvalidSelection(e.getMessage()));
            }
            List<FineTuningJob> jobs = FoundryCall.run(
                    target,
                    run(),
                    listener(),
                    Messages.FineTuneJobsStep_ListJobs(),
                    client -> JobListing.select(client, selector, limit));
            ArrayList<LinkedHashMap<String, Object>> maps = new ArrayList<>(jobs.size());
            for (FineTuningJob job : jobs) {
                maps.add(project(job, fields));
            }
            return maps;
        }

        @NonNull
        @Override
        protected String what() {
            return Messages.FineTuneJobsStep_JobsList();
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
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkLimit(value));
        }
    }
}
