package io.jenkins.plugins.finetune.buildpage;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import java.util.List;
import java.util.function.Supplier;

/**
 * The checkpoint metrics the build page draws, by their API names, each with its colour (an SVG presentation
 * attribute: no style, nothing Jenkins' content security policy would need relaxed) and its legend. A metric Azure
 * adds later is kept in what the step returns, not drawn.
 */
enum TrainingMetric {
    TRAIN_LOSS("train_loss", "#1f77b4", Messages::TrainingChart_TrainLoss),
    VALID_LOSS("valid_loss", "#ff7f0e", Messages::TrainingChart_ValidLoss),
    FULL_VALID_LOSS("full_valid_loss", "#d62728", Messages::TrainingChart_FullValidLoss),
    TRAIN_ACCURACY("train_mean_token_accuracy", "#2ca02c", Messages::TrainingChart_TrainAccuracy),
    VALID_ACCURACY("valid_mean_token_accuracy", "#9467bd", Messages::TrainingChart_ValidAccuracy),
    FULL_VALID_ACCURACY("full_valid_mean_token_accuracy", "#8c564b", Messages::TrainingChart_FullValidAccuracy);

    /** The loss chart's series, then the accuracy chart's. */
    static final List<TrainingMetric> LOSSES = List.of(TRAIN_LOSS, VALID_LOSS, FULL_VALID_LOSS);

    static final List<TrainingMetric> ACCURACIES = List.of(TRAIN_ACCURACY, VALID_ACCURACY, FULL_VALID_ACCURACY);

    private final String apiName;
    private final String color;
    private final Supplier<String> label;

    TrainingMetric(String apiName, String color, Supplier<String> label) {
        this.apiName = apiName;
        this.color = color;
        this.label = label;
    }

    @NonNull
    String apiName() {
        return apiName;
    }

    @NonNull
    String color() {
        return color;
    }

    /** In the reader's locale. */
    @NonNull
    String label() {
        return label.get();
    }
}
