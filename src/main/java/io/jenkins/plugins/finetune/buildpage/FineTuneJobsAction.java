package io.jenkins.plugins.finetune.buildpage;

import com.fasterxml.jackson.core.JsonGenerator;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Api;
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
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;
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
     * How many jobs the page shows with each outcome text ({@link Entry#getOutcomeText()}: "pause requested" until
     * the job is paused), for the build's main page, which must not read "paused: 3" while the jobs are pausing.
     * {@code null} in records older than this field: the page shows {@link #counts} then.
     */
    @CheckForNull
    private volatile Map<String, Integer> shownCounts;

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

    /**
     * The sequence number (place in this build) of the first job each durable step recorded, by its key, so that
     * the step, resumed after a restart or a crash, settles what it recorded before ({@link #settle}). A stopped
     * step's key is removed ({@link #close}): it settles nothing. {@code null} in records older than this field.
     */
    @CheckForNull
    private volatile Map<String, Integer> firstSequences;

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

    /** {@code …/fine-tuning-jobs/api/json} (and xml): the counts and the jobs {@code build.xml} keeps. */
    public Api getApi() {
        return new Api(this);
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

    /** How many jobs the page shows with each outcome text ("paused", "pause requested", "failed", …). */
    @NonNull
    public Map<String, Integer> getShownCounts() {
        Map<String, Integer> shown = shownCounts;
        return Collections.unmodifiableMap(shown == null ? counts : shown);
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
        Long accountedFor;
        int jobs;
        synchronized (owner) { // one published record: its length and count go together
            accountedFor = fileBytes;
            jobs = total;
        }
        try (PrintWriter out = rsp.getWriter()) {
            out.write('[');
            JobsFile.writeLatest(file, accountedFor, jobs, out);
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
            // One field changes: any save sees a whole record without the build's monitor, which a save may hold.
            Set<String> keys = action.recordedBy;
            if (keys != null && keys.contains(recordKey)) {
                Map<String, Integer> firsts = action.firstSequences;
                if (firsts != null && firsts.containsKey(recordKey)) {
                    Map<String, Integer> fewer = new TreeMap<>(firsts);
                    fewer.remove(recordKey);
                    action.firstSequences = fewer; // what it recorded stays as it was at change time
                }
                return;
            }
            action.recordedBy = withKey(keys, recordKey);
        }
    }

    /**
     * One job's change.
     *
     * @param recordKey who records it (a durable step's flow node id): once recorded under a key, later calls with
     *     it change nothing; {@code null}: always recorded (a freestyle build step, which never resumes)
     * @return the job's sequence number in this build, for {@link #settle(Run, int, List)}; {@code -1} when
     *     nothing was recorded (the key had recorded before, or was closed)
     */
    @Restricted(NoExternalUse.class)
    public static int record(
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
                System.currentTimeMillis(),
                null);
        return add(run, recordKey, List.of(entry));
    }

    /**
     * Every job of a bulk change, in selection order.
     *
     * @param recordKey as for {@link #record(Run, String, JobChange, JobChangeResult)}
     */
    @Restricted(NoExternalUse.class)
    public static int record(@NonNull Run<?, ?> run, @CheckForNull String recordKey, @NonNull BulkReport report) {
        JobChange change = report.change();
        long now = System.currentTimeMillis();
        List<Entry> added = new ArrayList<>(report.outcomes().size());
        for (JobOutcome outcome : report.outcomes()) {
            added.add(new Entry(
                    outcome.jobId(),
                    change.verb(),
                    outcome.outcomeName(change),
                    outcome.previousStatus(),
                    outcome.status(),
                    outcome.model(),
                    null,
                    outcome.requestId(),
                    outcome.error(),
                    now,
                    null));
        }
        return add(run, recordKey, added);
    }

    /**
     * After a wait: the jobs a durable step recorded, as the wait left them (final status, or the last one seen
     * and why the wait ended), with how long it took. Nothing happens for a key that recorded nothing or was
     * closed ({@link #close}: a stopped step).
     *
     * @param recordKey the key the jobs were recorded under
     */
    @Restricted(NoExternalUse.class)
    public static void settle(
            @NonNull Run<?, ?> run, @NonNull String recordKey, @NonNull List<Settlement> settlements) {
        FineTuneJobsAction action = run.getAction(FineTuneJobsAction.class);
        if (action == null) {
            return;
        }
        action.settleFrom(
                run,
                () -> {
                    Map<String, Integer> firsts = action.firstSequences;
                    Integer first = firsts == null ? null : firsts.get(recordKey);
                    return first == null ? -1 : first;
                },
                settlements);
    }

    /**
     * After a wait of a freestyle build step: as {@link #settle(Run, String, List)}, for the jobs it recorded from
     * sequence number {@code first} on (what {@code record} returned).
     */
    @Restricted(NoExternalUse.class)
    public static void settle(@NonNull Run<?, ?> run, int first, @NonNull List<Settlement> settlements) {
        FineTuneJobsAction action = run.getAction(FineTuneJobsAction.class);
        if (action != null && first >= 0) {
            action.settleFrom(run, () -> first, settlements);
        }
    }

    /**
     * Replaces the settled jobs: in the build record (the first {@value #KEPT_IN_BUILD_RECORD}) by sequence
     * number, in the counts, and as new lines appended to the file (which stays append-only: {@code all.json}
     * serves each job's latest line); then saves the build. Only this build's lock is held, and not while saving.
     */
    private void settleFrom(Run<?, ?> owner, IntSupplier firstOf, List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        synchronized (this) {
            int first = firstOf.getAsInt();
            if (first < 0) {
                return; // nothing recorded under that key, or a stopped step's
            }
            List<Entry> kept = entries;
            List<Entry> newKept = kept;
            Map<String, Integer> counted = new TreeMap<>(counts);
            Map<String, Integer> shown = shownCounts == null ? null : new TreeMap<>(shownCounts);
            List<Entry> lines = new ArrayList<>(settlements.size());
            List<Integer> sequences = new ArrayList<>(settlements.size());
            for (Settlement settlement : settlements) {
                int sequence = first + settlement.offset();
                if (settlement.offset() < 0 || sequence >= total) {
                    continue; // not a job of this record
                }
                Entry entry = settlement.entry(now);
                String shownBefore =
                        sequence < kept.size() ? kept.get(sequence).getOutcomeText() : settlement.recordedOutcomeText();
                if (sequence < kept.size()) {
                    if (newKept == kept) {
                        newKept = new ArrayList<>(kept);
                    }
                    newKept.set(sequence, entry);
                }
                counted.computeIfPresent(settlement.recordedOutcome(), (k, n) -> n > 1 ? n - 1 : null);
                counted.merge(entry.getOutcome(), 1, Integer::sum);
                if (shown != null) {
                    shown.computeIfPresent(shownBefore, (k, n) -> n > 1 ? n - 1 : null);
                    shown.merge(entry.getOutcomeText(), 1, Integer::sum);
                }
                lines.add(entry);
                sequences.add(sequence);
            }
            if (lines.isEmpty()) {
                return;
            }
            Long bytes = appendToFile(owner, fileBytes, lines, sequences);
            publish(owner, newKept, counted, shown, total, recordedBy, bytes, firstSequences);
        }
        BuildSaves.save(owner, "the fine-tuning jobs");
    }

    /**
     * Counts every entry, keeps the first ones in the build record, appends all to the build directory's file,
     * and saves the build, so that what the page shows survives a restart. Nothing happens for a key already
     * recorded (or closed). Only this build's lock is held, and not while saving.
     */
    private static int add(@NonNull Run<?, ?> run, @CheckForNull String recordKey, @NonNull List<Entry> added) {
        if (added.isEmpty()) {
            return -1;
        }
        FineTuneJobsAction action = of(run);
        int first;
        synchronized (action) {
            Set<String> keys = action.recordedBy;
            if (recordKey != null && keys != null && keys.contains(recordKey)) {
                return -1; // a resumed step: its jobs are here already; or a stopped one
            }
            first = action.total;
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
            // A record older than the shown counts goes on with the counts it has: its first jobs' texts are not known.
            Map<String, Integer> shown = action.shownCounts == null && action.total > 0
                    ? null
                    : new TreeMap<>(action.shownCounts == null ? Map.of() : action.shownCounts);
            if (shown != null) {
                for (Entry entry : added) {
                    shown.merge(entry.getOutcomeText(), 1, Integer::sum);
                }
            }
            List<Integer> sequences = new ArrayList<>(added.size());
            for (int i = 0; i < added.size(); i++) {
                sequences.add(first + i);
            }
            Long bytes = appendToFile(run, action.fileBytes, added, sequences);
            Map<String, Integer> firsts = action.firstSequences;
            if (recordKey != null) {
                firsts = firsts == null ? new TreeMap<>() : new TreeMap<>(firsts);
                firsts.put(recordKey, first);
            }
            action.publish(
                    run,
                    kept,
                    counted,
                    shown,
                    action.total + added.size(),
                    recordKey == null ? keys : withKey(keys, recordKey),
                    bytes,
                    firsts);
        }
        BuildSaves.save(run, "the fine-tuning jobs");
        return first;
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
            @CheckForNull Map<String, Integer> newShownCounts,
            int newTotal,
            @CheckForNull Set<String> newRecordedBy,
            @CheckForNull Long newFileBytes,
            @CheckForNull Map<String, Integer> newFirstSequences) {
        synchronized (owner) {
            entries = newEntries;
            counts = newCounts;
            shownCounts = newShownCounts;
            total = newTotal;
            recordedBy = newRecordedBy;
            fileBytes = newFileBytes;
            firstSequences = newFirstSequences;
        }
    }

    /** Appends the entries' lines (see {@link JobsFile}); returns the file's new length ({@code null}: not known). */
    @CheckForNull
    private static Long appendToFile(
            Run<?, ?> run, @CheckForNull Long accountedFor, List<Entry> added, List<Integer> sequences) {
        File file = new File(run.getRootDir(), ALL_JOBS_FILE);
        try {
            return JobsFile.append(file, accountedFor, JobsFile.lines(added, sequences));
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not write " + file, e);
            return accountedFor;
        }
    }

    /** The bulk steps' outcome names ({@code paused}, {@code already_paused}, {@code skipped}) for one job too. */
    @NonNull
    static String outcomeName(@NonNull JobChange change, @NonNull JobChangeOutcome outcome) {
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
        /** How long the wait for the final status took; {@code null}: not waited on (or not yet settled). */
        @CheckForNull
        private final Long waitedMillis;

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
                long timestamp,
                @CheckForNull Long waitedMillis) {
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
            this.waitedMillis = waitedMillis;
        }

        /**
         * The line written to the build directory's file (the API's own names for the job's fields), its place in
         * the build first ({@link JobsFile}).
         */
        void writeLine(JsonGenerator json, int sequence) throws IOException {
            json.writeStartObject();
            json.writeNumberField("sequence", sequence);
            json.writeStringField("id", jobId);
            json.writeStringField("change", change);
            json.writeStringField("outcome", outcome);
            json.writeStringField("previous_status", previousStatus);
            json.writeStringField("status", status);
            json.writeStringField("model", model);
            json.writeStringField("fine_tuned_model", fineTunedModel);
            json.writeStringField("request_id", requestId);
            json.writeStringField("error", error);
            json.writeNumberField("timestamp", timestamp);
            if (waitedMillis == null) {
                json.writeNullField("waited_millis");
            } else {
                json.writeNumberField("waited_millis", waitedMillis);
            }
            json.writeEndObject();
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

        /** How long the wait for the final status took, once settled; {@code null} when not waited on. */
        @Exported
        @CheckForNull
        public Long getWaitedMillis() {
            return waitedMillis;
        }

        /**
         * The outcome as the page says it, never contradicting the status: a change Azure accepted reads "paused"
         * (or "resumed", "cancelled") only beside the status it leads to; until then, or when the job ended
         * elsewhere, it reads "pause requested" ("pause already requested" for a job that was on its way).
         */
        public String getOutcomeText() {
            return outcomeText(change, outcome, status);
        }

        /** "running → paused", or the status alone when it did not change (or the one before is not known). */
        public String getStatusText() {
            return previousStatus != null && !previousStatus.equals(status) ? previousStatus + " → " + status : status;
        }

        /** "after 12 sec" once a wait settled the job; empty otherwise. */
        public String getWaitedText() {
            return waitedMillis == null ? "" : Messages.FineTuneJobsAction_Waited(Util.getTimeSpanString(waitedMillis));
        }
    }

    /** {@link Entry#getOutcomeText()} of a job recorded for {@code change} with {@code outcome} and {@code status}. */
    static String outcomeText(String change, String outcome, @CheckForNull String status) {
        JobChange kind = changeKind(change);
        if (kind == null || (status != null && status.equals(kind.finalStatus().value()))) {
            return outcome;
        }
        if (kind.pastTense().equals(outcome)) {
            return Messages.FineTuneJobsAction_Requested(kind.verb());
        }
        if (("already_" + kind.pastTense()).equals(outcome)) {
            return Messages.FineTuneJobsAction_AlreadyRequested(kind.verb());
        }
        return outcome;
    }

    @CheckForNull
    private static JobChange changeKind(String change) {
        for (JobChange kind : JobChange.values()) {
            if (kind.verb().equals(change)) {
                return kind;
            }
        }
        return null;
    }

    /**
     * One job as a wait left it, for {@link #settle}: its place among the jobs its step recorded, the outcome it was
     * recorded with (for the counts), and what it is now.
     */
    @Restricted(NoExternalUse.class)
    public record Settlement(
            int offset,
            String recordedOutcome,
            String recordedStatus,
            String jobId,
            String change,
            String outcome,
            String previousStatus,
            String status,
            String model,
            String fineTunedModel,
            String requestId,
            String error,
            long waitedMillis) {

        /**
         * A bulk change's update after a wait: every job the change was accepted for (the ones waited on, and those
         * already settled, unchanged), as {@code recorded} had it and as the wait left it ({@code waited}, same order).
         */
        @NonNull
        public static List<Settlement> ofAccepted(
                @NonNull JobChange change,
                @NonNull List<JobOutcome> recorded,
                @NonNull List<JobOutcome> waited,
                long waitedMillis) {
            List<Settlement> settlements = new ArrayList<>();
            for (int i = 0; i < recorded.size() && i < waited.size(); i++) {
                JobOutcome before = recorded.get(i);
                if (before.kind() == JobOutcome.Kind.CHANGED || before.kind() == JobOutcome.Kind.ALREADY_DONE) {
                    settlements.add(of(i, change, before, waited.get(i), waitedMillis));
                }
            }
            return settlements;
        }

        /** A job of a bulk change: {@code recorded} as it was recorded, {@code now} as the wait left it. */
        @NonNull
        public static Settlement of(
                int offset,
                @NonNull JobChange change,
                @NonNull JobOutcome recorded,
                @NonNull JobOutcome now,
                long waitedMillis) {
            return new Settlement(
                    offset,
                    recorded.outcomeName(change),
                    recorded.status(),
                    now.jobId(),
                    change.verb(),
                    now.outcomeName(change),
                    now.previousStatus(),
                    now.status(),
                    now.model(),
                    null,
                    now.requestId(),
                    now.error(),
                    waitedMillis);
        }

        /**
         * The one job of a single-job step, read after the wait ({@code job}), or, when the wait ended without its
         * final status, as last seen with {@code error} saying why (its outcome is then {@code failed}).
         */
        @NonNull
        public static Settlement of(
                @NonNull JobChange change,
                @NonNull JobChangeOutcome recorded,
                @NonNull String jobId,
                @CheckForNull String previousStatus,
                @CheckForNull String status,
                @CheckForNull String model,
                @CheckForNull String fineTunedModel,
                @CheckForNull String requestId,
                @CheckForNull String error,
                long waitedMillis) {
            String recordedOutcome = outcomeName(change, recorded);
            return new Settlement(
                    0,
                    recordedOutcome,
                    null, // the single job is among the first the record keeps: its text is read there
                    jobId,
                    change.verb(),
                    error == null ? recordedOutcome : "failed",
                    previousStatus,
                    status,
                    model,
                    fineTunedModel,
                    requestId,
                    error,
                    waitedMillis);
        }

        /** The outcome text the page showed for the job as recorded. */
        String recordedOutcomeText() {
            return outcomeText(change, recordedOutcome, recordedStatus);
        }

        Entry entry(long now) {
            return new Entry(
                    jobId,
                    change,
                    outcome,
                    previousStatus,
                    status,
                    model,
                    fineTunedModel,
                    requestId,
                    error,
                    now,
                    waitedMillis);
        }
    }
}
