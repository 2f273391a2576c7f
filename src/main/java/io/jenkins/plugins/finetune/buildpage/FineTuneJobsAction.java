package io.jenkins.plugins.finetune.buildpage;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.GET;

/**
 * Build page: every fine-tuning job this build touched (paused, resumed, cancelled, found already so,
 * skipped, failed, or in a dry run would have changed), from the Pipeline steps and the freestyle build
 * steps alike, with its outcome and status. Saved with the build.
 */
@ExportedBean
public class FineTuneJobsAction implements RunAction2 {

    /** How many jobs {@code build.xml} keeps; every job goes to {@link #ALL_JOBS_FILE}. */
    public static final int KEPT_IN_BUILD_RECORD = 100;

    /** Every job touched, one JSON object per line, in the build directory. */
    static final String ALL_JOBS_FILE = "fine-tuning-jobs.jsonl";

    private static final Logger LOGGER = Logger.getLogger(FineTuneJobsAction.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LOCK = new Object();

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private int total;

    /**
     * Who recorded jobs here: the flow node ids of the durable steps, so that a step resumed after a restart or a
     * crash never records its jobs twice. {@code null} in records older than this field.
     */
    @CheckForNull
    private Set<String> recordedBy;

    /**
     * How many bytes of {@link #ALL_JOBS_FILE} this record accounts for: a longer file ends with lines written
     * before a crash kept this record from being saved, which are cut before anything is appended. {@code null}
     * (records older than this field): not known, nothing is cut.
     */
    @CheckForNull
    private Long fileBytes;

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

    /** The first {@value #KEPT_IN_BUILD_RECORD} jobs, in the order they were touched. */
    @Exported
    @NonNull
    public List<Entry> getEntries() {
        synchronized (LOCK) {
            return new ArrayList<>(entries);
        }
    }

    /** How many jobs had each outcome ({@code paused}, {@code failed}, …). */
    @Exported
    @NonNull
    public Map<String, Integer> getCounts() {
        synchronized (LOCK) {
            return new TreeMap<>(counts);
        }
    }

    /** How many jobs this build touched. */
    @Exported
    public int getTotal() {
        synchronized (LOCK) {
            return total;
        }
    }

    /** Whether more jobs were touched than {@link #getEntries()} holds. */
    public boolean isTruncated() {
        return getTotal() > getEntries().size();
    }

    /**
     * {@code …/fine-tuning-jobs/all.json}: every job touched, as a JSON array, streamed from the build directory.
     */
    @GET
    @WebMethod(name = "all.json")
    public void doAll(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Run<?, ?> owner = run;
        if (owner == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        owner.checkPermission(Item.READ);
        rsp.setContentType("application/json;charset=UTF-8");
        File file = new File(owner.getRootDir(), ALL_JOBS_FILE);
        try (PrintWriter out = rsp.getWriter()) {
            out.write('[');
            if (file.isFile()) {
                try (BufferedReader lines = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
                    String line;
                    boolean first = true;
                    while ((line = lines.readLine()) != null) {
                        if (!line.isBlank()) {
                            out.write(first ? "\n" : ",\n");
                            out.write(line);
                            first = false;
                        }
                    }
                }
            }
            out.write("\n]\n");
        }
    }

    /** Whether the step with this key (see {@link #record(Run, String, BulkReport)}) has recorded its jobs. */
    @Restricted(NoExternalUse.class)
    public static boolean isRecorded(@NonNull Run<?, ?> run, @NonNull String recordKey) {
        synchronized (LOCK) {
            FineTuneJobsAction action = run.getAction(FineTuneJobsAction.class);
            return action != null && action.recordedBy != null && action.recordedBy.contains(recordKey);
        }
    }

    /**
     * One job's change.
     *
     * @param recordKey who records it (a durable step's flow node id): once recorded under a key, later calls with
     *     it change nothing; {@code null}: always recorded (a freestyle build step, which never resumes)
     */
    @Restricted(NoExternalUse.class)
    public static void record(
            @NonNull Run<?, ?> run,
            @CheckForNull String recordKey,
            @NonNull JobChange change,
            @NonNull JobChangeResult result) {
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
        add(run, recordKey, List.of(entry));
    }

    /**
     * Every job of a bulk change, in selection order.
     *
     * @param recordKey as for {@link #record(Run, String, JobChange, JobChangeResult)}
     */
    @Restricted(NoExternalUse.class)
    public static void record(@NonNull Run<?, ?> run, @CheckForNull String recordKey, @NonNull BulkReport report) {
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
        add(run, recordKey, added);
    }

    /**
     * Counts every entry, keeps the first ones in the build record, appends all to the build directory's file,
     * and saves the build, so that what the page shows survives a restart. Nothing happens for a key already
     * recorded.
     */
    private static void add(@NonNull Run<?, ?> run, @CheckForNull String recordKey, @NonNull List<Entry> added) {
        if (added.isEmpty()) {
            return;
        }
        synchronized (LOCK) {
            FineTuneJobsAction action = run.getAction(FineTuneJobsAction.class);
            if (action == null) {
                action = new FineTuneJobsAction();
                action.fileBytes = 0L;
                run.addAction(action);
            }
            if (recordKey != null) {
                if (action.recordedBy == null) {
                    action.recordedBy = new TreeSet<>();
                }
                if (!action.recordedBy.add(recordKey)) {
                    return; // a resumed step: its jobs are here already
                }
            }
            for (Entry entry : added) {
                action.total++;
                action.counts.merge(entry.getOutcome(), 1, Integer::sum);
                if (action.entries.size() < KEPT_IN_BUILD_RECORD) {
                    action.entries.add(entry);
                }
            }
            action.fileBytes = appendToFile(run, action.fileBytes, added);
        }
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save " + run, e);
        }
    }

    /**
     * Appends the entries, after cutting what the saved record does not account for; returns the file's new
     * length ({@code null}: still not known).
     */
    @CheckForNull
    private static Long appendToFile(Run<?, ?> run, @CheckForNull Long accountedFor, List<Entry> added) {
        File file = new File(run.getRootDir(), ALL_JOBS_FILE);
        try (FileChannel channel = FileChannel.open(
                        file.toPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                BufferedWriter out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8))) {
            if (accountedFor != null && channel.size() > accountedFor) {
                channel.truncate(accountedFor); // lines of a record that a crash kept from being saved
            }
            channel.position(channel.size());
            for (Entry entry : added) {
                out.write(JSON.writeValueAsString(entry.toMap()));
                out.write('\n');
            }
            out.flush();
            return accountedFor == null ? null : channel.size();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not write " + file, e);
            return accountedFor;
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
            // Everything here came from Azure: no control characters or escape sequences on a page or in JSON.
            this.jobId = ConsoleText.sanitize(jobId);
            this.change = change;
            this.outcome = outcome;
            this.previousStatus = ConsoleText.sanitize(previousStatus);
            this.status = ConsoleText.sanitize(status);
            this.model = ConsoleText.sanitize(model);
            this.fineTunedModel = ConsoleText.sanitize(fineTunedModel);
            this.requestId = ConsoleText.sanitize(requestId);
            this.error = ConsoleText.sanitize(error);
            this.timestamp = timestamp;
        }

        /** The line written to the build directory's file (the API's own names for the job's fields). */
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", jobId);
            map.put("change", change);
            map.put("outcome", outcome);
            map.put("previous_status", previousStatus);
            map.put("status", status);
            map.put("model", model);
            map.put("fine_tuned_model", fineTunedModel);
            map.put("request_id", requestId);
            map.put("error", error);
            map.put("timestamp", timestamp);
            return map;
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
