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
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
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
import jenkins.util.Timer;
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

    /** Only makes the first action of a build (no file I/O, nothing else); each build then has its own lock. */
    private static final Object CREATING = new Object();

    /*
     * Copy-on-write: each field below holds a snapshot that is never changed once published, so that a save
     * (Jenkins' or ours, from any thread) always serializes whole collections. A change builds new snapshots under
     * this action's own monitor (one per build) and publishes them together while holding the build's monitor,
     * which every save of the build holds while it serializes: a save sees all of a change or none of it. The
     * snapshots are plain ArrayList/TreeMap/TreeSet, as before, so build.xml keeps its form.
     */

    private volatile List<Entry> entries = new ArrayList<>();
    private volatile Map<String, Integer> counts = new TreeMap<>();
    private volatile int total;

    /**
     * Who recorded jobs here: the flow node ids of the durable steps, so that a step resumed after a restart or a
     * crash never records its jobs twice, and a stopped step never records later ({@link #close}). {@code null}
     * in records older than this field.
     */
    @CheckForNull
    private volatile Set<String> recordedBy;

    /**
     * How many bytes of {@link #ALL_JOBS_FILE} this record accounts for: a longer file ends with lines written
     * before a crash kept this record from being saved, which are cut before anything is appended. {@code null}
     * (records older than this field): not known, nothing is cut.
     */
    @CheckForNull
    private volatile Long fileBytes;

    private transient Run<?, ?> run;

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** A record saved without some collection (none is ever saved so, but a hand-edited one could be). */
    protected Object readResolve() {
        if (entries == null) {
            entries = new ArrayList<>();
        }
        if (counts == null) {
            counts = new TreeMap<>();
        }
        return this;
    }

    /** The build this action belongs to (for the side panel). */
    @CheckForNull
    public Run<?, ?> getRun() {
        return run;
    }

    /** No link while nothing is recorded (a step stopped before its first job reserves its key only). */
    @Override
    @CheckForNull
    public String getIconFileName() {
        return total == 0 ? null : "symbol-pause";
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
        return Collections.unmodifiableList(entries);
    }

    /** How many jobs had each outcome ({@code paused}, {@code failed}, …). */
    @Exported
    @NonNull
    public Map<String, Integer> getCounts() {
        return Collections.unmodifiableMap(counts);
    }

    /** How many jobs this build touched. */
    @Exported
    public int getTotal() {
        return total;
    }

    /** Whether more jobs were touched than {@link #getEntries()} holds. */
    public boolean isTruncated() {
        return total > entries.size();
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
        FineTuneJobsAction action = run.getAction(FineTuneJobsAction.class);
        Set<String> keys = action == null ? null : action.recordedBy;
        return keys != null && keys.contains(recordKey);
    }

    /**
     * A stopped step records nothing from now on: its key is taken, so that work of the step still finishing on
     * another thread changes neither the page nor the file. Saved with the build's next save.
     */
    @Restricted(NoExternalUse.class)
    public static void close(@NonNull Run<?, ?> run, @NonNull String recordKey) {
        FineTuneJobsAction action = of(run);
        synchronized (action) {
            Set<String> keys = action.recordedBy;
            if (keys != null && keys.contains(recordKey)) {
                return;
            }
            // One field changes: any save sees a whole record without the build's monitor, which a save may hold.
            action.recordedBy = withKey(keys, recordKey);
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
     * recorded (or closed). Only this build's lock is held, and not while saving.
     */
    private static void add(@NonNull Run<?, ?> run, @CheckForNull String recordKey, @NonNull List<Entry> added) {
        if (added.isEmpty()) {
            return;
        }
        FineTuneJobsAction action = of(run);
        synchronized (action) {
            Set<String> keys = action.recordedBy;
            if (recordKey != null && keys != null && keys.contains(recordKey)) {
                return; // a resumed step: its jobs are here already; or a stopped one
            }
            List<Entry> kept = action.entries;
            if (kept.size() < KEPT_IN_BUILD_RECORD) {
                kept = new ArrayList<>(kept);
                for (Entry entry : added) {
                    if (kept.size() < KEPT_IN_BUILD_RECORD) {
                        kept.add(entry);
                    }
                }
            }
            Map<String, Integer> counted = new TreeMap<>(action.counts);
            for (Entry entry : added) {
                counted.merge(entry.getOutcome(), 1, Integer::sum);
            }
            Long bytes = appendToFile(run, action.fileBytes, added);
            action.publish(
                    run,
                    kept,
                    counted,
                    action.total + added.size(),
                    recordKey == null ? keys : withKey(keys, recordKey),
                    bytes);
        }
        save(run);
    }

    /** This build's action, made (once, whatever the threads) if it has none yet. */
    @NonNull
    private static FineTuneJobsAction of(@NonNull Run<?, ?> run) {
        FineTuneJobsAction action = run.getAction(FineTuneJobsAction.class);
        if (action != null) {
            return action;
        }
        synchronized (CREATING) {
            action = run.getAction(FineTuneJobsAction.class);
            if (action == null) {
                action = new FineTuneJobsAction();
                action.fileBytes = 0L;
                run.addAction(action);
            }
            return action;
        }
    }

    @NonNull
    private static Set<String> withKey(@CheckForNull Set<String> keys, @NonNull String recordKey) {
        Set<String> more = keys == null ? new TreeSet<>() : new TreeSet<>(keys);
        more.add(recordKey);
        return more;
    }

    /** Publishes new snapshots as one change: every save holds the build's monitor while it serializes. */
    private void publish(
            Run<?, ?> owner,
            List<Entry> newEntries,
            Map<String, Integer> newCounts,
            int newTotal,
            @CheckForNull Set<String> newRecordedBy,
            @CheckForNull Long newFileBytes) {
        synchronized (owner) {
            entries = newEntries;
            counts = newCounts;
            total = newTotal;
            recordedBy = newRecordedBy;
            fileBytes = newFileBytes;
        }
    }

    /**
     * One save per record, so that a restart finds it; a failed save is logged, never thrown into a build. A save
     * cut short by an abort (the interrupt closes build.xml's channel) is made again on Jenkins' {@link Timer},
     * whose threads no abort interrupts.
     */
    private static void save(Run<?, ?> run) {
        try {
            run.save();
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                LOGGER.log(Level.FINE, "Saving " + run + " was interrupted; saving it again", e);
                Timer.get().execute(() -> saveOnce(run));
            } else {
                LOGGER.log(Level.WARNING, "Could not save the fine-tuning jobs of " + run, e);
            }
        }
    }

    private static void saveOnce(Run<?, ?> run) {
        try {
            run.save();
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not save the fine-tuning jobs of " + run, e);
        }
    }

    /**
     * Appends the entries, after cutting what the saved record does not account for; returns the file's new
     * length ({@code null}: still not known). A {@link RandomAccessFile}, not a channel: an abort interrupts the
     * recording thread, and an interrupt closes a channel in the middle of the write.
     */
    @CheckForNull
    private static Long appendToFile(Run<?, ?> run, @CheckForNull Long accountedFor, List<Entry> added) {
        File file = new File(run.getRootDir(), ALL_JOBS_FILE);
        try (RandomAccessFile out = new RandomAccessFile(file, "rw")) {
            if (accountedFor != null && out.length() > accountedFor) {
                out.setLength(accountedFor); // lines of a record that a crash kept from being saved
            }
            StringBuilder lines = new StringBuilder();
            for (Entry entry : added) {
                lines.append(JSON.writeValueAsString(entry.toMap())).append('\n');
            }
            out.seek(out.length());
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            return accountedFor == null ? null : out.length();
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
