package io.jenkins.plugins.finetune.emulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a test wants a seeded job to look like. Everything is optional: by default a job is
 * {@code running}, on {@code gpt-4o-mini}, with a fresh {@code ftjob-} id.
 *
 * <pre>{@code String id = emu.seedJob(JobSeed.withStatus("paused").suffix("nightly").metadata("team", "ml"));}</pre>
 */
public final class JobSeed {
    private String id;
    private String status = JobStatus.RUNNING;
    private String model = "gpt-4o-mini";
    private String trainingFile = "file-training";
    private String validationFile;
    private String suffix;
    private Map<String, String> metadata;
    private int seed = 42;
    private int totalSteps = TrainingPlan.DEFAULT_TOTAL_STEPS;
    private Integer eventInterval;
    private Integer checkpointInterval;
    private Integer failAtStep;
    private String failureMessage;

    private JobSeed() {}

    /** A running job, the state in which a job can be paused. */
    public static JobSeed running() {
        return new JobSeed();
    }

    /**
     * A job in any status: {@code validating_files}, {@code queued}, {@code running}, {@code pausing},
     * {@code paused} (gets a checkpoint), {@code resuming}, {@code succeeded}, {@code failed}, {@code cancelled}.
     * Timed states move on from the moment of seeding, as they would after an API call.
     */
    public static JobSeed withStatus(String status) {
        return new JobSeed().status(status);
    }

    public JobSeed id(String id) {
        this.id = Objects.requireNonNull(id, "id");
        return this;
    }

    public JobSeed status(String status) {
        if (!JobStatus.ALL.contains(status)) {
            throw new IllegalArgumentException("unknown status '" + status + "'; one of " + JobStatus.ALL);
        }
        this.status = status;
        return this;
    }

    public JobSeed model(String model) {
        this.model = Objects.requireNonNull(model, "model");
        return this;
    }

    public JobSeed trainingFile(String trainingFile) {
        this.trainingFile = Objects.requireNonNull(trainingFile, "trainingFile");
        return this;
    }

    public JobSeed validationFile(String validationFile) {
        this.validationFile = validationFile;
        return this;
    }

    public JobSeed suffix(String suffix) {
        this.suffix = suffix;
        return this;
    }

    public JobSeed metadata(String key, String value) {
        if (metadata == null) {
            metadata = new LinkedHashMap<>();
        }
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public JobSeed metadata(Map<String, String> metadata) {
        this.metadata = metadata == null ? null : new LinkedHashMap<>(metadata);
        return this;
    }

    /** The job's {@code seed} (default 42): its training curve depends on it alone, so equal seeds train alike. */
    public JobSeed seed(int seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Steps the job trains before it succeeds (default 1000, at most 100,000); each lasts the emulator's
     * {@link FineTuningEmulator.Builder#stepDuration(Duration) step duration} of running time.
     */
    public JobSeed totalSteps(int totalSteps) {
        this.totalSteps = totalSteps;
        return this;
    }

    /** A {@code Step n/total: training loss=…} event every this many steps (default: a hundredth of the run). */
    public JobSeed eventInterval(int steps) {
        this.eventInterval = steps;
        return this;
    }

    /** A checkpoint with metrics every this many steps (default: a tenth of the run); pauses add their own. */
    public JobSeed checkpointInterval(int steps) {
        this.checkpointInterval = steps;
        return this;
    }

    /**
     * The job fails when it reaches this step (1 to its total steps) instead of training on: status
     * {@code failed}, {@code error.code} {@code trainingFailed}, {@code error.message} the failure message.
     */
    public JobSeed failAtStep(int step) {
        this.failAtStep = step;
        return this;
    }

    /** The {@code error.message} of a {@link #failAtStep(int) seeded failure} (Azure's text is untrusted). */
    public JobSeed failureMessage(String message) {
        this.failureMessage = Objects.requireNonNull(message, "message");
        return this;
    }

    Job.JobSpec toSpec() {
        return new Job.JobSpec(
                id == null ? Ids.job() : id,
                status,
                model,
                trainingFile,
                validationFile,
                suffix,
                metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata)),
                seed,
                JobRequests.defaultHyperparameters(),
                JobRequests.supervisedMethod(JobRequests.defaultHyperparameters()),
                null,
                "Job seeded by the emulator with status '" + status + "'.",
                TrainingPlan.of(totalSteps, eventInterval, checkpointInterval, failAtStep, failureMessage));
    }
}
