package io.jenkins.plugins.finetune;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Build page: every fine-tuning job this build paused (or found already paused), from the Pipeline step
 * and the freestyle build step alike. Saved with the build.
 */
@ExportedBean
public class FineTuneJobsAction implements RunAction2 {

    private static final Object LOCK = new Object();

    private final List<Entry> entries = new ArrayList<>();

    private transient Run<?, ?> run;

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** The build this action belongs to (for the side panel). */
    @CheckForNull
    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-pause";
    }

    @Override
    public String getDisplayName() {
        return Messages.FineTuneJobsAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "fine-tuning-jobs";
    }

    /** The jobs, in the order they were touched. */
    @Exported
    @NonNull
    public List<Entry> getEntries() {
        synchronized (LOCK) {
            return new ArrayList<>(entries);
        }
    }

    static void record(@NonNull Run<?, ?> run, @NonNull JobChange change, @NonNull JobChangeResult result) {
        FineTuningJob job = result.job();
        Entry entry = new Entry(
                job.id(),
                change.verb(),
                result.outcome().name(),
                value(result.previousStatus()),
                value(job.status()),
                job.model(),
                job.fineTunedModel(),
                result.requestId(),
                System.currentTimeMillis());
        synchronized (LOCK) {
            FineTuneJobsAction action = run.getAction(FineTuneJobsAction.class);
            if (action == null) {
                action = new FineTuneJobsAction();
                run.addAction(action);
            }
            action.entries.add(entry);
        }
    }

    @CheckForNull
    private static String value(@CheckForNull JobStatus status) {
        return status == null ? null : status.value();
    }

    /** One job as this build left it. */
    @ExportedBean(defaultVisibility = 2)
    public static final class Entry {
        private final String jobId;
        private final String change;
        private final String outcome;
        private final String previousStatus;
        private final String status;
        private final String model;
        private final String fineTunedModel;
        private final String requestId;
        private final long timestamp;

        Entry(
                String jobId,
                String change,
                String outcome,
                String previousStatus,
                String status,
                String model,
                String fineTunedModel,
                String requestId,
                long timestamp) {
            this.jobId = jobId;
            this.change = change;
            this.outcome = outcome;
            this.previousStatus = previousStatus;
            this.status = status;
            this.model = model;
            this.fineTunedModel = fineTunedModel;
            this.requestId = requestId;
            this.timestamp = timestamp;
        }

        @Exported
        public String getJobId() {
            return jobId;
        }

        /** {@code pause} (later also {@code resume}, {@code cancel}). */
        @Exported
        public String getChange() {
            return change;
        }

        /** {@code CHANGED}, {@code ALREADY_DONE} or {@code NOT_ELIGIBLE}. */
        @Exported
        public String getOutcome() {
            return outcome;
        }

        @Exported
        @CheckForNull
        public String getPreviousStatus() {
            return previousStatus;
        }

        @Exported
        public String getStatus() {
            return status;
        }

        @Exported
        @CheckForNull
        public String getModel() {
            return model;
        }

        @Exported
        @CheckForNull
        public String getFineTunedModel() {
            return fineTunedModel;
        }

        @Exported
        @CheckForNull
        public String getRequestId() {
            return requestId;
        }

        @Exported
        public long getTimestamp() {
            return timestamp;
        }

        public Date getTime() {
            return new Date(timestamp);
        }
    }
}
