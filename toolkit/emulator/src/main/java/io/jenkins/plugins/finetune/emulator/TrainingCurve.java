package io.jenkins.plugins.finetune.emulator;

import java.util.SplittableRandom;

/**
 * The metrics of an emulated training run: losses that fall and accuracies that rise with progress, with a little
 * noise. Each value depends only on the job's {@code seed}, the step and the run's length, so the same seed gives
 * the same curve whenever and however often it is read.
 */
final class TrainingCurve {

    /**
     * The metrics at one step, with the API's meaning; the {@code valid} ones are {@code null} for a job without a
     * validation file, the {@code fullValid} ones are set only for checkpoints (a full validation pass).
     */
    record Metrics(
            int step,
            float trainLoss,
            float trainMeanTokenAccuracy,
            Float validLoss,
            Float validMeanTokenAccuracy,
            Float fullValidLoss,
            Float fullValidMeanTokenAccuracy) {}

    private TrainingCurve() {}

    static Metrics at(int seed, int step, int totalSteps, boolean validated, boolean fullValidation) {
        double progress = (double) step / totalSteps;
        double learned = 1 - Math.exp(-4 * progress);
        double trainLoss = 1.85 - 1.6 * learned + 0.06 * noise(seed, step, 1);
        double trainAccuracy = 0.55 + 0.4 * learned + 0.02 * noise(seed, step, 2);
        // Validation lags training a little and drifts up late in the run, as overfitting does.
        double fullValidLoss = 1.9 - 1.55 * learned + 0.1 * progress * progress;
        double fullValidAccuracy = 0.53 + 0.38 * learned - 0.02 * progress * progress;
        Float validLoss = null;
        Float validAccuracy = null;
        if (validated) {
            validLoss = (float) (fullValidLoss + 0.04 * noise(seed, step, 3));
            validAccuracy = (float) clamp(fullValidAccuracy + 0.02 * noise(seed, step, 4));
        }
        return new Metrics(
                step,
                (float) trainLoss,
                (float) clamp(trainAccuracy),
                validLoss,
                validAccuracy,
                validated && fullValidation ? (float) fullValidLoss : null,
                validated && fullValidation ? (float) clamp(fullValidAccuracy) : null);
    }

    /** A number in [-1, 1) fixed by seed, step and channel. */
    private static double noise(int seed, int step, int channel) {
        return new SplittableRandom(seed * 1_000_003L + step * 31L + channel).nextDouble() * 2 - 1;
    }

    private static double clamp(double accuracy) {
        return Math.max(0, Math.min(1, accuracy));
    }
}
