package io.jenkins.plugins.finetune.buildpage;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.client.FineTuningCheckpoint;
import java.util.Map;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One checkpoint on the build page: its step, its model name and the metrics the charts draw (a metric Azure did
 * not compute, or a value that is not a number within ±10<sup>15</sup>, is {@code null} and not saved). Exported with the API's
 * names. Never changed once made.
 */
@ExportedBean(defaultVisibility = 3)
public final class TrainingPoint {

    /** Larger values (never a loss or an accuracy) are left out, so that an axis' range stays a finite number. */
    static final double MAX_DRAWN = 1e15;

    private final long step;

    @CheckForNull
    private final String checkpoint;

    // One field per drawn metric (TrainingMetric), so that build.xml stays plain and small.
    private final Double trainLoss;
    private final Double validLoss;
    private final Double fullValidLoss;
    private final Double trainAccuracy;
    private final Double validAccuracy;
    private final Double fullValidAccuracy;

    private TrainingPoint(long step, @CheckForNull String checkpoint, Map<String, Double> metrics) {
        this.step = step;
        this.checkpoint = FineTuneTrainingAction.name(checkpoint);
        this.trainLoss = finite(metrics, TrainingMetric.TRAIN_LOSS);
        this.validLoss = finite(metrics, TrainingMetric.VALID_LOSS);
        this.fullValidLoss = finite(metrics, TrainingMetric.FULL_VALID_LOSS);
        this.trainAccuracy = finite(metrics, TrainingMetric.TRAIN_ACCURACY);
        this.validAccuracy = finite(metrics, TrainingMetric.VALID_ACCURACY);
        this.fullValidAccuracy = finite(metrics, TrainingMetric.FULL_VALID_ACCURACY);
    }

    /** The point of a checkpoint; {@code null} for one without a step, which no chart can place. */
    @CheckForNull
    static TrainingPoint of(@NonNull FineTuningCheckpoint checkpoint) {
        Long step = checkpoint.stepNumber();
        if (step == null) {
            return null;
        }
        return new TrainingPoint(step, checkpoint.fineTunedModelCheckpoint(), checkpoint.metrics());
    }

    @CheckForNull
    private static Double finite(Map<String, Double> metrics, TrainingMetric metric) {
        Double value = metrics.get(metric.apiName());
        return value != null && Math.abs(value) <= MAX_DRAWN ? value : null; // false for NaN too
    }

    /** The value of one drawn metric, {@code null} if Azure sent none. */
    @CheckForNull
    Double value(@NonNull TrainingMetric metric) {
        return switch (metric) {
            case TRAIN_LOSS -> trainLoss;
            case VALID_LOSS -> validLoss;
            case FULL_VALID_LOSS -> fullValidLoss;
            case TRAIN_ACCURACY -> trainAccuracy;
            case VALID_ACCURACY -> validAccuracy;
            case FULL_VALID_ACCURACY -> fullValidAccuracy;
        };
    }

    @Exported(name = "step_number")
    public long getStep() {
        return step;
    }

    /** The checkpoint's model name ({@code fine_tuned_model_checkpoint}), as a deployment names it. */
    @Exported(name = "fine_tuned_model_checkpoint")
    @CheckForNull
    public String getCheckpoint() {
        return checkpoint;
    }

    @Exported(name = "train_loss")
    @CheckForNull
    public Double getTrainLoss() {
        return trainLoss;
    }

    @Exported(name = "valid_loss")
    @CheckForNull
    public Double getValidLoss() {
        return validLoss;
    }

    @Exported(name = "full_valid_loss")
    @CheckForNull
    public Double getFullValidLoss() {
        return fullValidLoss;
    }

    @Exported(name = "train_mean_token_accuracy")
    @CheckForNull
    public Double getTrainAccuracy() {
        return trainAccuracy;
    }

    @Exported(name = "valid_mean_token_accuracy")
    @CheckForNull
    public Double getValidAccuracy() {
        return validAccuracy;
    }

    @Exported(name = "full_valid_mean_token_accuracy")
    @CheckForNull
    public Double getFullValidAccuracy() {
        return fullValidAccuracy;
    }
}
