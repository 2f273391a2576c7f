package io.jenkins.plugins.finetune.buildpage;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One chart of checkpoint metrics by step, laid out on the server for {@code summary.jelly} to draw as SVG: the
 * coordinates of each series' line, the axes' ticks and the legend. Only numbers reach the SVG's geometry; every
 * text (labels, Azure's names) is written by Jelly, which escapes it.
 */
@Restricted(NoExternalUse.class)
public final class TrainingChart {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 260;

    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 28;
    static final int BOTTOM = 64;

    /** Series of at most this many points get a marker at each point (a lone point has no line to show it). */
    static final int MARKERS_UP_TO = 60;

    private static final int TARGET_TICKS = 5;

    private final String title;
    private final List<Series> series;
    private final List<Tick> xTicks;
    private final List<Tick> yTicks;

    private TrainingChart(String title, List<Series> series, List<Tick> xTicks, List<Tick> yTicks) {
        this.title = title;
        this.series = series;
        this.xTicks = xTicks;
        this.yTicks = yTicks;
    }

    /** The chart of these metrics over the points; {@code null} when no point has any of them. */
    @CheckForNull
    static TrainingChart of(
            @NonNull String title, @NonNull List<TrainingPoint> points, @NonNull List<TrainingMetric> metrics) {
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        long minX = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        for (TrainingPoint point : points) {
            for (TrainingMetric metric : metrics) {
                Double value = point.value(metric);
                if (value != null) {
                    minY = Math.min(minY, value);
                    maxY = Math.max(maxY, value);
                    minX = Math.min(minX, point.getStep());
                    maxX = Math.max(maxX, point.getStep());
                }
            }
        }
        if (minX > maxX) {
            return null;
        }
        Axis x = Axis.of(minX, maxX, true);
        Axis y = Axis.of(minY, maxY, false);
        List<Series> series = new ArrayList<>();
        for (TrainingMetric metric : metrics) {
            StringBuilder line = new StringBuilder();
            List<Marker> markers = new ArrayList<>();
            int count = 0;
            for (TrainingPoint point : points) {
                Double value = point.value(metric);
                if (value == null) {
                    continue;
                }
                double px = x.position(point.getStep(), LEFT, LEFT + plotWidth());
                double py = y.position(value, TOP + plotHeight(), TOP);
                line.append(count++ == 0 ? "" : " ")
                        .append(coordinate(px))
                        .append(',')
                        .append(coordinate(py));
                markers.add(new Marker(coordinate(px), coordinate(py)));
            }
            if (count > 0) {
                series.add(new Series(
                        metric.label(),
                        metric.color(),
                        line.toString(),
                        count <= MARKERS_UP_TO ? markers : List.of(),
                        LEFT + 180 * series.size()));
            }
        }
        List<Tick> xTicks = new ArrayList<>();
        for (double value : x.ticks()) {
            xTicks.add(new Tick(coordinate(x.position(value, LEFT, LEFT + plotWidth())), x.label(value)));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (double value : y.ticks()) {
            yTicks.add(new Tick(coordinate(y.position(value, TOP + plotHeight(), TOP)), y.label(value)));
        }
        return new TrainingChart(title, series, xTicks, yTicks);
    }

    /** One decimal, a dot whatever the locale: SVG's number syntax. */
    static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    public String getTitle() {
        return title;
    }

    public String getXLabel() {
        return Messages.TrainingChart_Step();
    }

    public List<Series> getSeries() {
        return Collections.unmodifiableList(series);
    }

    public List<Tick> getXTicks() {
        return Collections.unmodifiableList(xTicks);
    }

    public List<Tick> getYTicks() {
        return Collections.unmodifiableList(yTicks);
    }

    public int getWidth() {
        return WIDTH;
    }

    public int getHeight() {
        return HEIGHT;
    }

    public int getLeft() {
        return LEFT;
    }

    public int getRight() {
        return WIDTH - RIGHT;
    }

    public int getTop() {
        return TOP;
    }

    public int getBottom() {
        return TOP + plotHeight();
    }

    /** The baseline of the axis' tick labels and of the legend below them. */
    public int getXLabelBaseline() {
        return getBottom() + 16;
    }

    public int getLegendBaseline() {
        return HEIGHT - 12;
    }

    public String getViewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    /** One metric's line, its colour and its place in the legend. */
    @Restricted(NoExternalUse.class)
    public static final class Series {
        private final String label;
        private final String color;
        private final String points;
        private final List<Marker> markers;
        private final int legendX;

        Series(String label, String color, String points, List<Marker> markers, int legendX) {
            this.label = label;
            this.color = color;
            this.points = points;
            this.markers = markers;
            this.legendX = legendX;
        }

        public String getLabel() {
            return label;
        }

        public String getColor() {
            return color;
        }

        /** The polyline's {@code points}: {@code x,y} pairs. */
        public String getPoints() {
            return points;
        }

        public List<Marker> getMarkers() {
            return Collections.unmodifiableList(markers);
        }

        public int getLegendX() {
            return legendX;
        }

        public int getLegendTextX() {
            return legendX + 22;
        }
    }

    /** A dot at one point of a short series. */
    @Restricted(NoExternalUse.class)
    public static final class Marker {
        private final String x;
        private final String y;

        Marker(String x, String y) {
            this.x = x;
            this.y = y;
        }

        public String getX() {
            return x;
        }

        public String getY() {
            return y;
        }
    }

    /** A tick: where along its axis, and its text. */
    @Restricted(NoExternalUse.class)
    public static final class Tick {
        private final String position;
        private final String label;

        Tick(String position, String label) {
            this.position = position;
            this.label = label;
        }

        public String getPosition() {
            return position;
        }

        public String getLabel() {
            return label;
        }
    }

    /** A linear axis whose ends are round numbers (1, 2 or 5 times a power of ten apart). */
    static final class Axis {
        private final double min;
        private final double max;
        private final double step;
        private final boolean whole;

        private Axis(double min, double max, double step, boolean whole) {
            this.min = min;
            this.max = max;
            this.step = step;
            this.whole = whole;
        }

        /** @param whole steps of at least 1 (training steps are whole numbers) */
        static Axis of(double low, double high, boolean whole) {
            if (high <= low) {
                double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
                low -= pad;
                high += pad;
            }
            double step = niceStep((high - low) / (TARGET_TICKS - 1));
            if (whole) {
                step = Math.max(1, step);
            }
            return new Axis(Math.floor(low / step) * step, Math.ceil(high / step) * step, step, whole);
        }

        /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
        static double niceStep(double raw) {
            double power = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double factor : new double[] {1, 2, 5, 10}) {
                if (factor * power >= raw * (1 - 1e-9)) {
                    return factor * power;
                }
            }
            return 10 * power;
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            long count = Math.round((max - min) / step);
            for (long i = 0; i <= count; i++) {
                ticks.add(min + i * step);
            }
            return ticks;
        }

        /** Where {@code value} lies between the pixels {@code from} (at min) and {@code to} (at max). */
        double position(double value, double from, double to) {
            return from + (value - min) / (max - min) * (to - from);
        }

        /** As few decimals as the step needs; whole numbers for steps. */
        String label(double value) {
            if (whole) {
                return Long.toString(Math.round(value));
            }
            int decimals = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9));
            return new BigDecimal(value)
                    .setScale(decimals, java.math.RoundingMode.HALF_UP)
                    .toPlainString();
        }
    }
}
