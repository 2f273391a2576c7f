package io.jenkins.plugins.finetune.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One fine-tuning job and its history. Not thread-safe: {@link JobStore} guards every access.
 * Time moves lazily: {@link #catchUp(long)} replays every automatic transition that became due
 * since the last look, stamped with the instant it was due, so no background thread is needed.
 *
 * <p>A running job trains: its steps advance with its running time (paused time does not count), and at the
 * milestones of its {@link TrainingPlan} it writes a metrics event, saves a checkpoint, fails or succeeds.
 */
final class Job {
    /** An event; {@code metrics} is set for a {@code metrics} event ({@code Step n/total: ...}). */
    record Event(
            String id,
            long createdAtMillis,
            String level,
            String message,
            String status,
            TrainingCurve.Metrics metrics,
            int totalSteps) {}

    record Checkpoint(
            String id,
            long createdAtMillis,
            String fineTunedModelCheckpoint,
            int stepNumber,
            TrainingCurve.Metrics metrics) {}

    /** Tokens one emulated step trains on (for {@code trained_tokens}). */
    static final int TOKENS_PER_STEP = 1000;

    final String id;
    final long sequence;
    final long createdAtMillis;
    final String model;
    final String trainingFile;
    final String validationFile;
    final String suffix;
    final Map<String, String> metadata;
    final int seed;
    final JsonNode hyperparameters;
    final JsonNode method;
    final JsonNode integrations;
    final TrainingPlan plan;

    private final Timings timings;
    private String status;
    private long statusSinceMillis;
    private long runningMillisBefore;
    private Long finishedAtMillis;
    private String fineTunedModel;
    private Integer trainedTokens;
    /** The last milestone step reached (events and checkpoints up to it are written). */
    private int milestoneStep;
    /** The latest instant the job was brought up to (by {@link #catchUp}). */
    private long observedMillis;

    private String errorCode;
    private String errorMessage;
    private final List<String> resultFiles = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    Job(JobSpec spec, long sequence, long nowMillis, Timings timings) {
        this.id = spec.id();
        this.sequence = sequence;
        this.createdAtMillis = nowMillis;
        this.model = spec.model();
        this.trainingFile = spec.trainingFile();
        this.validationFile = spec.validationFile();
        this.suffix = spec.suffix();
        this.metadata = spec.metadata();
        this.seed = spec.seed();
        this.hyperparameters = spec.hyperparameters();
        this.method = spec.method();
        this.integrations = spec.integrations();
        this.plan = spec.plan();
        this.timings = timings;
        this.observedMillis = nowMillis;
        if (JobStatus.SUCCEEDED.equals(spec.status())) {
            // A job seeded as succeeded has its whole run behind it: its metrics events and checkpoints.
            runningMillisBefore = trainingMillis();
            reachMilestones(plan.totalSteps(), nowMillis, false);
        }
        if (JobStatus.FAILED.equals(spec.status())) {
            errorCode = "emulatedFailure";
            errorMessage = "The job failed (status set by the emulator).";
        }
        enter(spec.status(), nowMillis, spec.createdMessage());
    }

    /** Everything a job is made from, whether created over HTTP or seeded by a test. */
    record JobSpec(
            String id,
            String status,
            String model,
            String trainingFile,
            String validationFile,
            String suffix,
            Map<String, String> metadata,
            int seed,
            JsonNode hyperparameters,
            JsonNode method,
            JsonNode integrations,
            String createdMessage,
            TrainingPlan plan) {}

    String status() {
        return status;
    }

    Long finishedAtMillis() {
        return finishedAtMillis;
    }

    String fineTunedModel() {
        return fineTunedModel;
    }

    Integer trainedTokens() {
        return trainedTokens;
    }

    /** {@code error.code} of a failed job, else {@code null}. */
    String errorCode() {
        return JobStatus.FAILED.equals(status) ? errorCode : null;
    }

    String errorMessage() {
        return JobStatus.FAILED.equals(status) ? errorMessage : null;
    }

    /** Steps trained so far (finished ones only). */
    int trainedSteps() {
        long runningNow = JobStatus.RUNNING.equals(status) ? Math.max(0, observedMillis - statusSinceMillis) : 0;
        return stepAt(runningMillisBefore + runningNow);
    }

    List<String> resultFiles() {
        return List.copyOf(resultFiles);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** When a running job will have trained its last step; null otherwise (as the API says). */
    Long estimatedFinishMillis() {
        if (!JobStatus.RUNNING.equals(status)) {
            return null;
        }
        return statusSinceMillis + Math.max(0, trainingMillis() - runningMillisBefore);
    }

    void catchUp(long nowMillis) {
        observedMillis = Math.max(observedMillis, nowMillis);
        while (true) {
            Long dueAt = nextTransitionAt();
            if (dueAt == null || dueAt > nowMillis) {
                return;
            }
            advanceAt(dueAt);
        }
    }

    void pause(long nowMillis) {
        catchUp(nowMillis);
        requireStatus(JobStatus.RUNNING, "paused");
        enter(JobStatus.PAUSING, nowMillis, "Job pause requested.");
        catchUp(nowMillis);
    }

    void resume(long nowMillis) {
        catchUp(nowMillis);
        requireStatus(JobStatus.PAUSED, "resumed");
        enter(JobStatus.RESUMING, nowMillis, "Job resume requested.");
        catchUp(nowMillis);
    }

    void cancel(long nowMillis) {
        catchUp(nowMillis);
        if (JobStatus.isTerminal(status)) {
            throw ApiError.invalidState(id, "cancelled", status);
        }
        enter(JobStatus.CANCELLED, nowMillis, "Job was cancelled.");
    }

    private void requireStatus(String expected, String verb) {
        if (!expected.equals(status)) {
            throw ApiError.invalidState(id, verb, status);
        }
    }

    private Long nextTransitionAt() {
        return switch (status) {
            case JobStatus.VALIDATING_FILES ->
                statusSinceMillis + timings.validatingFiles().toMillis();
            case JobStatus.QUEUED -> statusSinceMillis + timings.queued().toMillis();
            case JobStatus.PAUSING -> statusSinceMillis + timings.pausing().toMillis();
            case JobStatus.RESUMING -> statusSinceMillis + timings.resuming().toMillis();
            case JobStatus.RUNNING -> runningTimeDue(plan.nextMilestoneAfter(milestoneStep));
            default -> null;
        };
    }

    private void advanceAt(long atMillis) {
        switch (status) {
            case JobStatus.VALIDATING_FILES ->
                enter(JobStatus.QUEUED, atMillis, "Files validated, moving job to queued state.");
            case JobStatus.QUEUED -> enter(JobStatus.RUNNING, atMillis, "Fine-tuning job started.");
            case JobStatus.PAUSING -> enter(JobStatus.PAUSED, atMillis, "Job paused; a checkpoint was saved.");
            case JobStatus.RESUMING -> enter(JobStatus.RUNNING, atMillis, "Job resumed.");
            case JobStatus.RUNNING -> trainUntilNextMilestone(atMillis);
            default -> throw new IllegalStateException("no automatic transition from " + status);
        }
    }

    /** The instant a running job reaches {@code step}: now plus the running time still missing. */
    private long runningTimeDue(int step) {
        return statusSinceMillis + Math.max(0, runningMillisAtStep(step) - runningMillisBefore);
    }

    private void trainUntilNextMilestone(long atMillis) {
        int step = plan.nextMilestoneAfter(milestoneStep);
        reachMilestones(step, atMillis, true);
        if (plan.failsAt(step)) {
            errorCode = "trainingFailed";
            errorMessage = plan.failureMessage();
            enter(
                    JobStatus.FAILED,
                    atMillis,
                    "Training failed at step " + step + "/" + plan.totalSteps() + ": " + plan.failureMessage());
        } else if (step == plan.totalSteps()) {
            events.add(new Event(
                    Ids.event(),
                    atMillis,
                    "info",
                    "New fine-tuned model created: " + fineTunedModelName(),
                    JobStatus.RUNNING,
                    null,
                    0));
            enter(JobStatus.SUCCEEDED, atMillis, "Fine-tuning job successfully completed.");
        }
    }

    /**
     * Writes the metrics events and checkpoints of every milestone after the last one, up to {@code step}, or up to
     * the failing step when {@code mayFail} (a job seeded as succeeded did not fail on its way).
     */
    private void reachMilestones(int step, long atMillis, boolean mayFail) {
        while (milestoneStep < step) {
            int next = Math.min(plan.nextMilestoneAfter(milestoneStep), step);
            if (mayFail && plan.failsAt(next)) {
                milestoneStep = next;
                return; // no metrics for a step that did not complete
            }
            if (plan.writesEventAt(next)) {
                TrainingCurve.Metrics metrics = metricsAt(next, false);
                events.add(new Event(
                        Ids.event(),
                        atMillis,
                        "info",
                        stepMessage(metrics),
                        JobStatus.RUNNING,
                        metrics,
                        plan.totalSteps()));
            }
            if (plan.checkpointsAt(next)) {
                addCheckpoint(next, atMillis);
                events.add(new Event(
                        Ids.event(),
                        atMillis,
                        "info",
                        "Checkpoint created at step " + next + ".",
                        JobStatus.RUNNING,
                        null,
                        0));
            }
            milestoneStep = next;
        }
    }

    private String stepMessage(TrainingCurve.Metrics metrics) {
        String message = String.format(
                Locale.ROOT, "Step %d/%d: training loss=%.2f", metrics.step(), plan.totalSteps(), metrics.trainLoss());
        if (metrics.validLoss() != null) {
            message += String.format(Locale.ROOT, ", validation loss=%.2f", metrics.validLoss());
        }
        return message;
    }

    private TrainingCurve.Metrics metricsAt(int step, boolean fullValidation) {
        return TrainingCurve.at(seed, step, plan.totalSteps(), validationFile != null, fullValidation);
    }

    private void enter(String newStatus, long atMillis, String message) {
        if (JobStatus.RUNNING.equals(status)) {
            runningMillisBefore += atMillis - statusSinceMillis;
        }
        status = newStatus;
        statusSinceMillis = atMillis;
        switch (newStatus) {
            case JobStatus.PAUSED -> saveCheckpoint(atMillis);
            case JobStatus.SUCCEEDED -> finishSuccessfully(atMillis);
            case JobStatus.FAILED, JobStatus.CANCELLED -> finishedAtMillis = atMillis;
            default -> {}
        }
        String level = JobStatus.FAILED.equals(newStatus) ? "error" : "info";
        events.add(new Event(Ids.event(), atMillis, level, message, newStatus, null, 0));
    }

    /**
     * The checkpoint of a pause (its event is the pause's own), at the step reached; at least step 1: only trained
     * jobs are pausable for real.
     */
    private void saveCheckpoint(long atMillis) {
        int step = Math.max(1, stepAt(runningMillisBefore));
        if (!checkpoints.isEmpty() && checkpoints.get(checkpoints.size() - 1).stepNumber() == step) {
            return; // paused right on a checkpoint step: that checkpoint is the pause's
        }
        addCheckpoint(step, atMillis);
    }

    private void addCheckpoint(int step, long atMillis) {
        checkpoints.add(new Checkpoint(
                Ids.checkpoint(), atMillis, fineTunedModelName() + ":ckpt-step-" + step, step, metricsAt(step, true)));
    }

    private void finishSuccessfully(long atMillis) {
        finishedAtMillis = atMillis;
        fineTunedModel = fineTunedModelName();
        trainedTokens = TOKENS_PER_STEP * plan.totalSteps();
        resultFiles.add(Ids.file());
    }

    /** The whole run's running time: the emulator's training duration, or steps times the step duration. */
    private long trainingMillis() {
        Duration training = timings.training();
        return training != null ? training.toMillis() : timings.step().toMillis() * plan.totalSteps();
    }

    /** Finished steps after {@code runningMillis} of running time. */
    private int stepAt(long runningMillis) {
        long training = trainingMillis();
        if (training == 0 || runningMillis >= training) {
            return plan.totalSteps();
        }
        return (int) (runningMillis * plan.totalSteps() / training);
    }

    /** The running time at which {@code step} is finished (the inverse of {@link #stepAt}). */
    private long runningMillisAtStep(int step) {
        long training = trainingMillis();
        return -Math.floorDiv(-step * training, plan.totalSteps()); // ceiling division
    }

    private String fineTunedModelName() {
        String hex = id.startsWith("ftjob-") ? id.substring("ftjob-".length()) : id;
        return model + ".ft-" + hex + (suffix == null ? "" : "-" + suffix);
    }
}
