package io.jenkins.plugins.finetune.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the trace {@link ThrottledBulkBenchmark} records for an adaptive run ({@code millis,in_flight,throttled}
 * every 10 ms) as a small SVG: requests in flight over time, a tick for each 10 ms in which 429s came back,
 * and the concurrency the rate limit allows (Little's law: requests/s × latency).
 * Usage: {@code java -cp benchmarks.jar ...ConcurrencyChart trace.csv out.svg "title" [requestsPerSecond]}.
 */
public final class ConcurrencyChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 232;
    private static final int LEFT = 44;
    private static final int RIGHT = 12;
    private static final int TOP = 40;
    private static final int BOTTOM = 36;
    private static final int MAX_Y = 64;

    private record Sample(long millis, int inFlight, long throttled) {}

    private ConcurrencyChart() {}

    public static void main(String[] args) throws IOException {
        List<Sample> samples = read(Path.of(args[0]));
        int rateLimit = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Files.writeString(Path.of(args[1]), svg(samples, args[2], rateLimit));
    }

    private static List<Sample> read(Path csv) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] cells = line.split(",");
            if (cells.length == 3 && !cells[0].equals("millis")) {
                samples.add(new Sample(Long.parseLong(cells[0]), Integer.parseInt(cells[1]), Long.parseLong(cells[2])));
            }
        }
        return samples;
    }

    static String svg(List<Sample> samples, String title, int rateLimit) {
        long end = samples.isEmpty() ? 1 : samples.get(samples.size() - 1).millis();
        long stepMillis = end > 3000 ? 1000 : 250;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">%s</text>%n", LEFT, escape(title)));
        for (int y = 0; y <= MAX_Y; y += 16) {
            double py = TOP + plotHeight * (1 - (double) y / MAX_Y);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
                    LEFT,
                    py,
                    WIDTH - RIGHT,
                    py,
                    LEFT - 6,
                    py + 4,
                    y));
        }
        for (long t = 0; t <= end; t += stepMillis) {
            double px = LEFT + plotWidth * t / end;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    px,
                    TOP,
                    px,
                    TOP + plotHeight,
                    px,
                    TOP + plotHeight + 14,
                    stepMillis >= 1000 ? (t / 1000) + " s" : String.format(Locale.ROOT, "%.2f s", t / 1000.0)));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time since the bulk pause started</text>%n",
                LEFT + (int) plotWidth / 2,
                HEIGHT - 4));
        svg.append(String.format(
                Locale.ROOT,
                "<text transform=\"translate(12 %.1f) rotate(-90)\" text-anchor=\"middle\">requests in flight</text>%n",
                TOP + plotHeight / 2));
        if (rateLimit > 0) {
            double allowed = rateLimit * Fleet.LATENCY_MILLIS / 1000.0;
            double py = TOP + plotHeight * (1 - allowed / MAX_Y);
            svg.append(String.format(
                    Locale.ROOT,
                    // The label sits at the top right, clear of the data: the trace hovers on this line.
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#2a2\" stroke-dasharray=\"4 3\"/>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#2a2\">"
                            + "- - - %d req/s × %d ms = %.0f in flight</text>%n",
                    LEFT,
                    py,
                    WIDTH - RIGHT,
                    py,
                    WIDTH - RIGHT - 4,
                    TOP + 14,
                    rateLimit,
                    Fleet.LATENCY_MILLIS,
                    allowed));
        }
        StringBuilder points = new StringBuilder();
        long previousThrottled = 0;
        StringBuilder ticks = new StringBuilder();
        for (Sample s : samples) {
            double px = LEFT + plotWidth * s.millis() / end;
            double py = TOP + plotHeight * (1 - Math.min(s.inFlight(), MAX_Y) / (double) MAX_Y);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            if (s.throttled() > previousThrottled) {
                ticks.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d33\"/>",
                        px,
                        TOP + plotHeight,
                        px,
                        TOP + plotHeight - 8));
            }
            previousThrottled = s.throttled();
        }
        svg.append("<polyline fill=\"none\" stroke=\"#36c\" stroke-width=\"1.5\" points=\"")
                .append(points.toString().trim())
                .append("\"/>\n");
        svg.append(ticks).append('\n');
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" fill=\"#36c\">— requests in flight (sampled every 10 ms)</text>"
                        + "<text x=\"%d\" y=\"%d\" fill=\"#d33\">| 429s came back (%d in all)</text>%n",
                LEFT,
                TOP - 10,
                LEFT + 260,
                TOP - 10,
                previousThrottled));
        return svg.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
