package io.jenkins.plugins.finetune.buildpage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.finetune.client.FineTuningCheckpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart's layout on its own: round ticks, every point inside the plot, odd inputs that must not break it. */
class TrainingChartLayoutTest {

    @Test
    void ticksAreRoundNumbersCoveringTheValues() {
        TrainingChart.Axis loss = TrainingChart.Axis.of(0.23, 2.87, false);
        assertThat(labels(loss), contains("0", "1", "2", "3"));
        TrainingChart.Axis steps = TrainingChart.Axis.of(10, 1000, true);
        assertThat(labels(steps), contains("0", "500", "1000"));
        TrainingChart.Axis fewSteps = TrainingChart.Axis.of(1, 3, true);
        assertThat(labels(fewSteps), contains("1", "2", "3"));
        assertThat(TrainingChart.Axis.niceStep(0.0123), closeTo(0.02, 1e-12));
        TrainingChart.Axis accuracy = TrainingChart.Axis.of(0.61, 0.79, false);
        assertThat(labels(accuracy), contains("0.60", "0.65", "0.70", "0.75", "0.80"));
    }

    @Test
    void aSinglePointGetsAnAxisAroundItAndAMarker() {
        TrainingChart chart =
                TrainingChart.of("Loss", List.of(point(7, "{\"train_loss\":0.5}")), TrainingMetric.LOSSES);
        assertThat(chart.getSeries(), hasSize(1));
        TrainingChart.Series only = chart.getSeries().get(0);
        assertThat(only.getMarkers(), hasSize(1));
        double x = Double.parseDouble(only.getMarkers().get(0).getX());
        double y = Double.parseDouble(only.getMarkers().get(0).getY());
        assertThat(x >= chart.getLeft() && x <= chart.getRight(), is(true));
        assertThat(y >= chart.getTop() && y <= chart.getBottom(), is(true));
    }

    @Test
    void valuesThatAreNoNumbersOrAbsurdlyLargeAreNotDrawn() {
        TrainingPoint point = point(1, "{\"train_loss\":1e300,\"valid_loss\":\"0.5\",\"full_valid_loss\":0.25}");
        assertThat(point.getTrainLoss(), nullValue());
        assertThat(point.getValidLoss(), nullValue());
        assertThat(point.getFullValidLoss(), is(0.25));
        assertThat(
                TrainingChart.of("Accuracy", List.of(point), TrainingMetric.ACCURACIES),
                nullValue()); // nothing to draw: no chart
        assertThat(TrainingPoint.of(FineTuningCheckpoint.fromJson("{\"id\":\"ftckpt-x\"}")), nullValue());
    }

    @Test
    void longNamesFromAzureAreCut() {
        TrainingPoint point = TrainingPoint.of(FineTuningCheckpoint.fromJson(
                "{\"step_number\":1,\"fine_tuned_model_checkpoint\":\"" + "m".repeat(5000) + "\"}"));
        assertThat(point.getCheckpoint().length(), is(FineTuneTrainingAction.MAX_NAME_LENGTH));
    }

    private static TrainingPoint point(long step, String metrics) {
        return TrainingPoint.of(FineTuningCheckpoint.fromJson(
                "{\"id\":\"ftckpt-" + step + "\",\"step_number\":" + step + ",\"metrics\":" + metrics + "}"));
    }

    private static List<String> labels(TrainingChart.Axis axis) {
        return axis.ticks().stream().map(axis::label).toList();
    }
}
