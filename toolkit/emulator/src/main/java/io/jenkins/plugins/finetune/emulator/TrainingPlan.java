package io.jenkins.plugins.finetune.emulator;

/**
 * How one job trains: how many steps, how often it writes a metrics event and a checkpoint, and whether (and at
 * which step) it fails. Time per step is the emulator's ({@link Timings#step()}), so every job of one emulator
 * moves at the same speed.
 *
 * @param totalSteps         steps until the job succeeds (1..{@value #MAX_STEPS})
 * @param eventInterval      a {@code Step n/total: training loss=…} event every this many steps
 * @param checkpointInterval a checkpoint with metrics every this many steps (and at the last step, and at each pause)
 * @param failAtStep         the step at which the job fails instead of training on, or {@code null}
 * @param failureMessage     the {@code error.message} of that failure
 */
record TrainingPlan(
        int totalSteps, int eventInterval, int checkpointInterval, Integer failAtStep, String failureMessage) {

    /** Keeps step arithmetic in {@code long} range for any step duration the emulator accepts. */
    static final int MAX_STEPS = 100_000;

    static final int DEFAULT_TOTAL_STEPS = 1000;

    static final String DEFAULT_FAILURE_MESSAGE = "The training run failed (failure seeded in the emulator).";

    static final TrainingPlan DEFAULT = of(DEFAULT_TOTAL_STEPS, null, null, null, null);

    TrainingPlan {
        requireRange("totalSteps", totalSteps, 1, MAX_STEPS);
        requireRange("eventInterval", eventInterval, 1, MAX_STEPS);
        requireRange("checkpointInterval", checkpointInterval, 1, MAX_STEPS);
        if (failAtStep != null) {
            requireRange("failAtStep", failAtStep, 1, totalSteps);
        }
        if (failureMessage == null) {
            failureMessage = DEFAULT_FAILURE_MESSAGE;
        }
    }

    /**
     * A plan with defaults for what is {@code null}: an event every hundredth of the run and a checkpoint every
     * tenth (at least every step).
     */
    static TrainingPlan of(
            int totalSteps,
            Integer eventInterval,
            Integer checkpointInterval,
            Integer failAtStep,
            String failureMessage) {
        return new TrainingPlan(
                totalSteps,
                eventInterval != null ? eventInterval : Math.max(1, totalSteps / 100),
                checkpointInterval != null ? checkpointInterval : Math.max(1, totalSteps / 10),
                failAtStep,
                failureMessage);
    }

    /** The first step after {@code done} at which something is written or the run ends. */
    int nextMilestoneAfter(int done) {
        int next = Math.min(nextMultiple(done, eventInterval), nextMultiple(done, checkpointInterval));
        if (failAtStep != null && failAtStep > done) {
            next = Math.min(next, failAtStep);
        }
        return Math.min(next, totalSteps);
    }

    boolean writesEventAt(int step) {
        return step % eventInterval == 0 || step == totalSteps;
    }

    boolean checkpointsAt(int step) {
        return step % checkpointInterval == 0 || step == totalSteps;
    }

    boolean failsAt(int step) {
        return failAtStep != null && failAtStep == step;
    }

    private static int nextMultiple(int done, int interval) {
        return (done / interval + 1) * interval;
    }

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be from " + min + " to " + max + ", not " + value);
        }
    }
}
