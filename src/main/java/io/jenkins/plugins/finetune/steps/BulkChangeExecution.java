package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.execution.BulkInvocation;
import io.jenkins.plugins.finetune.execution.BulkSettings;
import io.jenkins.plugins.finetune.execution.FoundryCall;
import java.io.Serial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The durable execution of {@code pauseFineTunes} and {@code resumeFineTunes}: the bulk change runs on a pooled
 * thread; with {@code wait}, the jobs it changed are then followed by polls scheduled on Jenkins' shared
 * {@link Timer} (one listing per poll, newest first, stopping once every job waited on was seen), holding no
 * thread in between. The persisted state is the settings (ids, never a secret), the per-job results the step
 * returns, the jobs still waited on with their last status, and the deadline. After a restart during the
 * change itself the selection is applied again: jobs already changed are then counted as already done.
 */
final class BulkChangeExecution extends PollingStepExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int PAGE_SIZE = 100;

    private final JobChange change;
    private final BulkSettings settings;
    private boolean changing = true;
    private long startedAt;
    private long deadline;
    private long pollMillis = FIRST_POLL_MILLIS;
    /** What the step returns: one map per selected job ({@code id, outcome, status, error}). */
    private ArrayList<LinkedHashMap<String, Object>> results = new ArrayList<>();
    /** The jobs still waited on, with the last status seen. */
    private LinkedHashMap<String, String> waiting = new LinkedHashMap<>();

    BulkChangeExecution(@NonNull StepContext context, @NonNull JobChange change, @NonNull BulkSettings settings) {
        super(context);
        this.change = change;
        this.settings = settings;
    }

    @Override
    public boolean start() throws Exception {
        startedAt = System.currentTimeMillis();
        if (settings.waitForFinalStatus() && !settings.dryRun()) {
            deadline = deadline(startedAt, settings.timeoutSeconds());
        }
        submit(this::changeAll);
        return false;
    }

    @Override
    public void onResume() {
        if (changing) {
            log("Jenkins restarted during the bulk " + change.verb() + "; applying the selection again (jobs "
                    + "already changed count as already done)");
            submit(this::changeAll);
        } else {
            schedule(0, this::poll);
        }
    }

    @Override
    public String getStatus() {
        return changing
                ? "bulk " + change.verb() + " of fine-tuning jobs"
                : "waiting for " + waiting.size() + " fine-tuning jobs to be " + change.finalStatus();
    }

    private void changeAll() throws Exception {
        BulkReport report = BulkInvocation.run(change, settings.withoutWait(), run(), listener());
        results = new ArrayList<>(report.toMaps());
        if (!settings.waitForFinalStatus() || settings.dryRun()) {
            getContext().onSuccess(results);
            return;
        }
        LinkedHashMap<String, String> pending = new LinkedHashMap<>();
        for (JobOutcome outcome : report.outcomes()) {
            boolean accepted =
                    outcome.kind() == JobOutcome.Kind.CHANGED || outcome.kind() == JobOutcome.Kind.ALREADY_DONE;
            if (accepted && outcome.status() != null && !change.isSettled(JobStatus.of(outcome.status()))) {
                pending.put(outcome.jobId(), outcome.status());
            }
        }
        waiting = pending;
        changing = false;
        if (waiting.isEmpty()) {
            getContext().onSuccess(results);
            return;
        }
        log("Waiting for " + waiting.size() + " fine-tuning jobs to be " + change.finalStatus());
        schedule(FIRST_POLL_MILLIS, this::poll);
    }

    private void poll() throws Exception {
        Map<String, JobStatus> seen = readWaitingStatuses();
        Map<String, LinkedHashMap<String, Object>> resultsById = new HashMap<>();
        for (LinkedHashMap<String, Object> result : results) {
            resultsById.put(String.valueOf(result.get("id")), result);
        }
        for (Map.Entry<String, JobStatus> entry : seen.entrySet()) {
            String id = entry.getKey();
            String status = entry.getValue().value();
            if (!status.equals(waiting.get(id))) {
                log("Fine-tuning job " + id + ": " + waiting.get(id) + " → " + status);
                LinkedHashMap<String, Object> result = resultsById.get(id);
                if (result != null) {
                    result.put("status", status);
                }
            }
            if (change.isSettled(entry.getValue())) {
                waiting.remove(id);
            } else {
                waiting.put(id, status);
            }
        }
        long now = System.currentTimeMillis();
        if (waiting.isEmpty()) {
            log("Bulk " + change.verb() + ": every job waited on is " + change.finalStatus() + " or finished after "
                    + TimeUnit.MILLISECONDS.toSeconds(now - startedAt) + " s");
            getContext().onSuccess(results);
            return;
        }
        if (now >= deadline) {
            timedOut(resultsById);
            return;
        }
        pollMillis = nextPollMillis(pollMillis);
        schedule(Math.min(pollMillis, deadline - now), this::poll);
    }

    private void timedOut(Map<String, LinkedHashMap<String, Object>> resultsById) {
        String error =
                "timed out after " + settings.timeoutSeconds() + " s waiting for it to be " + change.finalStatus();
        for (String id : waiting.keySet()) {
            LinkedHashMap<String, Object> result = resultsById.get(id);
            if (result != null) {
                result.put("error", error);
            }
        }
        String which = waiting.entrySet().stream()
                .limit(10)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        String summary = "Bulk " + change.verb() + ": timed out after " + settings.timeoutSeconds()
                + " s waiting for " + waiting.size() + " jobs to be " + change.finalStatus() + ": " + which
                + (waiting.size() > 10 ? ", …" : "");
        if (settings.failOnError()) {
            getContext().onFailure(new AbortException(ConsoleText.sanitize(summary))); // shown once, as the error
        } else {
            log(summary);
            getContext().onSuccess(results);
        }
    }

    /** One listing, newest first, ending as soon as every job waited on was seen. */
    @NonNull
    private Map<String, JobStatus> readWaitingStatuses() throws Exception {
        int count = waiting.size();
        return FoundryCall.run(
                settings.target(),
                run(),
                null, // the endpoint line was printed with the change, not again for every poll
                "read the status of " + count + " fine-tuning jobs",
                client -> {
                    Map<String, JobStatus> seen = new HashMap<>();
                    for (FineTuningJob job : client.listAllJobs(PAGE_SIZE)) {
                        if (waiting.containsKey(job.id()) && job.status() != null) {
                            seen.put(job.id(), job.status());
                            if (seen.size() == count) {
                                break;
                            }
                        }
                    }
                    return seen;
                });
    }
}
