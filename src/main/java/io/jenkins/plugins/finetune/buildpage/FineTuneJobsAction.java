package io.jenkins.plugins.finetune.buildpage;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import jenkins.model.RunAction2;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Build page: every fine-tuning job this build touched (paused, resumed, cancelled, found already so,
 * skipped, failed, or in a dry run would have changed), from the Pipeline steps and the freestyle build
 * steps alike, with its outcome and status. Saved with the build.
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

    @Restricted(NoExternalUse.class)
    public static void record(@NonNull Run<?, ?> run, @NonNull JobChange change, @NonNull JobChangeResult result) {
        FineTuningJob job = result.job();
        Entry entry = new Entry(
                job.id(),
                change.verb(),
                outcomeName(change, result.outcome()),
                value(result.previousStatus()),
                value(job.status()),
                job.model(),
                job.fineTunedModel(),
                result.requestId(),
                null,
                System.currentTimeMillis());
        add(run, List.of(entry));
    }

    /** Every job of a bulk change, in selection order. */
    @Restricted(NoExternalUse.class)
    public static void record(@NonNull Run<?, ?> run, @NonNull BulkReport report) {
        JobChange change = report.change();
        long now = System.currentTimeMillis();
        List<Entry> added = new ArrayList<>(report.outcomes().size());
        for (JobOutcome outcome : report.outcomes()) {
            added.add(new Entry(
                    outcome.jobId(),
                    change.verb(),
                    outcome.outcomeName(change),
                    null,
                    outcome.status(),
                    null,
                    null,
                    null,
                    outcome.error(),
                    now));
        }
        add(run, added);
    }

    private static void add(@NonNull Run<?, ?> run, @NonNull List<Entry> added) {
        if (added.isEmpty()) {
            return;
        }
        synchronized (LOCK) {
            FineTuneJobsAction action = run.getAction(FineTuneJobsAction.class);
            if (action == null) {
                action = new FineTuneJobsAction();
                run.addAction(action);
            }
            action.entries.addAll(added);
        }
    }

    /** The bulk steps' outcome names ({@code paused}, {@code already_paused}, {@code skipped}) for one job too. */
    @NonNull
    private static String outcomeName(@NonNull JobChange change, @NonNull JobChangeOutcome outcome) {
        return switch (outcome) {
            case CHANGED -> change.pastTense();
            case ALREADY_DONE -> "already_" + change.pastTense();
            case NOT_ELIGIBLE -> "skipped";
        };
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
        private final String error;
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
                String error,
                long timestamp) {
            this.jobId = jobId;
            this.change = change;
            this.outcome = outcome;
            this.previousStatus = previousStatus;
            this.status = status;
            this.model = model;
            this.fineTunedModel = fineTunedModel;
            this.requestId = requestId;
            this.error = error;
            this.timestamp = timestamp;
        }

        @Exported
        public String getJobId() {
            return jobId;
        }

        /** {@code pause}, {@code resume} or {@code cancel}. */
        @Exported
        public String getChange() {
            return change;
        }

        /**
         * As the bulk steps report it: {@code paused}/{@code resumed}/{@code cancelled},
         * {@code already_paused}/..., {@code would_pause}/... (dry run), {@code skipped} or {@code failed}.
         */
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

        /** Why the change failed ({@code failed} only). */
        @Exported
        @CheckForNull
        public String getError() {
            return error;
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
