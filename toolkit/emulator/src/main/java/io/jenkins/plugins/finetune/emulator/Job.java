package io.jenkins.plugins.finetune.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One fine-tuning job and its history. Not thread-safe: {@link JobStore} guards every access.
 * Time moves lazily: {@link #catchUp(long)} replays every automatic transition that became due
 * since the last look, stamped with the instant it was due, so no background thread is needed.
 */
final class Job {
    record Event(String id, long createdAtMillis, String level, String message, String status) {}

    record Checkpoint(String id, long createdAtMillis, String fineTunedModelCheckpoint, int stepNumber) {}

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

    private final Timings timings;
    private String status;
    private long statusSinceMillis;
    private long runningMillisBefore;
    private Long finishedAtMillis;
    private String fineTunedModel;
    private Integer trainedTokens;
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
        this.timings = timings;
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
            String createdMessage) {}

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

    List<String> resultFiles() {
        return List.copyOf(resultFiles);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** When a running job with a finite training time will succeed; null otherwise (as the API says). */
    Long estimatedFinishMillis() {
        if (!JobStatus.RUNNING.equals(status) || timings.training() == null) {
            return null;
        }
        return statusSinceMillis + remainingTrainingMillis();
    }

    void catchUp(long nowMillis) {
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
            case JobStatus.RUNNING -> estimatedFinishMillis();
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
            case JobStatus.RUNNING -> enter(JobStatus.SUCCEEDED, atMillis, "Fine-tuning job successfully completed.");
            default -> throw new IllegalStateException("no automatic transition from " + status);
        }
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
        events.add(new Event(Ids.event(), atMillis, level, message, newStatus));
    }

    private void saveCheckpoint(long atMillis) {
        int step = stepsTrained();
        checkpoints.add(new Checkpoint(Ids.checkpoint(), atMillis, fineTunedModelName() + ":ckpt-step-" + step, step));
    }

    private void finishSuccessfully(long atMillis) {
        finishedAtMillis = atMillis;
        fineTunedModel = fineTunedModelName();
        trainedTokens = 1000 * stepsTrained();
        resultFiles.add(Ids.file());
    }

    /** One emulated step per second of running time, at least one: only trained jobs are pausable for real. */
    private int stepsTrained() {
        return 1 + (int) Math.min(Integer.MAX_VALUE / 1000 - 1, runningMillisBefore / 1000);
    }

    private long remainingTrainingMillis() {
        Duration training = timings.training();
        return Math.max(0, training.toMillis() - runningMillisBefore);
    }

    private String fineTunedModelName() {
        String hex = id.startsWith("ftjob-") ? id.substring("ftjob-".length()) : id;
        return model + ".ft-" + hex + (suffix == null ? "" : "-" + suffix);
    }
}
