package io.jenkins.plugins.finetune.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns one run's results (the JMH JSON files and the console logs of {@code run-benchmarks.sh})
 * into the Markdown tables of docs/performance.md, ratios included, so the document shows exactly
 * what the run measured. Usage: {@code java -cp benchmarks.jar ...Summary benchmarks/target/results}.
 */
public final class Summary {

    private static final Pattern ALLOC =
            Pattern.compile("^\\[client-thread alloc] (\\S+): (\\d+) B/op over (\\d+) ops");
    private static final Pattern THROTTLED =
            Pattern.compile("^\\[throttled-bulk] variant=(\\S+) rateLimit=(\\d+): (\\d+) ms;"
                    + " requests=(\\d+) throttled=(\\d+) paused=(\\d+) failed=(\\d+) stillRunning=(\\d+)");
    private static final Pattern TOKEN = Pattern.compile(
            "^\\[token] (\\S+): calls=(\\d+) server requests=(\\d+) requests/call=(\\S+) token fetches=(.+)$");

    private record Result(
            String name,
            Map<String, String> params,
            double score,
            double error,
            String unit,
            int samples,
            double allocNorm,
            List<Double> raw) {}

    private Summary() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/target/results");
        List<Result> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                results.addAll(read(file));
            }
        }
        Map<String, long[]> alloc = new LinkedHashMap<>(); // name -> {bytes, ops}
        List<String> tokens = new ArrayList<>();
        // variant/limit -> {requests, 429s, failed, left running}
        Map<String, List<long[]>> throttled = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                boolean warmup = false;
                for (String line : Files.readAllLines(file)) {
                    warmup = line.startsWith("# Warmup Iteration") || (warmup && !line.startsWith("Iteration "));
                    Matcher th = THROTTLED.matcher(line);
                    if (th.find() && !warmup) {
                        throttled
                                .computeIfAbsent(th.group(1) + "/" + th.group(2), k -> new ArrayList<>())
                                .add(new long[] {
                                    Long.parseLong(th.group(4)),
                                    Long.parseLong(th.group(5)),
                                    Long.parseLong(th.group(7)),
                                    Long.parseLong(th.group(8))
                                });
                    }
                    Matcher a = ALLOC.matcher(line);
                    if (a.find()) {
                        long ops = Long.parseLong(a.group(3));
                        long[] sum = alloc.computeIfAbsent(a.group(1), k -> new long[2]);
                        sum[0] += Long.parseLong(a.group(2)) * ops;
                        sum[1] += ops;
                    }
                    Matcher t = TOKEN.matcher(line);
                    if (t.find()) {
                        tokens.add("| " + t.group(1) + " | " + t.group(2) + " | " + t.group(3) + " | " + t.group(4)
                                + " | " + t.group(5) + " |");
                    }
                }
            }
        }

        StringBuilder out = new StringBuilder();
        out.append("### Single calls (")
                .append(unitOf(results, "SinglePauseBenchmark.ourClient"))
                .append(", lower is better)\n\n");
        out.append(
                "| benchmark | score ± 99.9% error | samples | client-thread alloc, B/op | JVM-wide gc.alloc.rate.norm, B/op |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            if (!r.name.startsWith("SinglePause") && !r.name.startsWith("TokenCaching")) {
                continue;
            }
            long[] a = alloc.get(r.name);
            out.append("| ")
                    .append(r.name)
                    .append(" | ")
                    .append(num(r.score))
                    .append(" ± ")
                    .append(num(r.error))
                    .append(" | ")
                    .append(r.samples)
                    .append(" | ")
                    .append(a == null ? "–" : String.valueOf(a[0] / Math.max(1, a[1])))
                    .append(" | ")
                    .append(Double.isNaN(r.allocNorm) ? "–" : String.format(Locale.ROOT, "%.0f", r.allocNorm))
                    .append(" |\n");
        }
        out.append('\n');
        ratio(
                out,
                results,
                alloc,
                "SinglePauseBenchmark.ourClient",
                "SinglePauseBenchmark.bareHttpClient",
                "single pause, ours / bare HttpClient 5 (goal ≤ 1.10)");
        ratio(
                out,
                results,
                alloc,
                "TokenCachingBenchmark.getWithCachedBearerToken",
                "TokenCachingBenchmark.getWithApiKey",
                "get, cached bearer token / api key");
        ratio(
                out,
                results,
                alloc,
                "TokenCachingBenchmark.getWithUncachedBearerToken",
                "TokenCachingBenchmark.getWithApiKey",
                "get, token fetched on every call (control) / api key");
        if (!tokens.isEmpty()) {
            out.append("\n### Token path counts (whole trial, one line per fork)\n\n");
            out.append(
                    "| benchmark | calls | server requests | requests/call | token fetches |\n|---|---:|---:|---:|---:|\n");
            tokens.forEach(line -> out.append(line).append('\n'));
        }

        out.append("\n### Bulk pause of 1,000 jobs, 50 ms latency (wall time of one pause of the fleet, ms)\n\n");
        out.append(
                "| benchmark | concurrency | selection | mean ms ± 99.9% error | each measured invocation, ms |\n|---|---:|---|---:|---|\n");
        for (Result r : results) {
            if (r.name.startsWith("BulkPause")) {
                out.append("| ")
                        .append(r.name)
                        .append(" | ")
                        .append(r.params.getOrDefault("concurrency", "–"))
                        .append(" | ")
                        .append(r.params.getOrDefault("selection", "ids (loop)"))
                        .append(" | ")
                        .append(num(r.score))
                        .append(Double.isNaN(r.error) ? "" : " ± " + num(r.error))
                        .append(" | ")
                        .append(String.join(
                                ", ", r.raw.stream().map(Summary::num).toList()))
                        .append(" |\n");
            }
        }
        throttledTable(out, results, throttled);
        System.out.print(out);
    }

    /** Fixed 8, fixed 64 and adaptive, without and with a 200 requests/s limit: time, 429s, failed jobs. */
    private static void throttledTable(StringBuilder out, List<Result> results, Map<String, List<long[]>> counts) {
        if (results.stream().noneMatch(r -> r.name.startsWith("ThrottledBulk"))) {
            return;
        }
        out.append(
                "\n### Bulk pause of 1,000 jobs, 50 ms latency, fixed vs adaptive concurrency (ms per pause of the fleet)\n\n");
        out.append(
                "| rate limit | variant | mean ms ± 99.9% error | each measured invocation, ms | requests | 429 answers"
                        + " | 429 share | failed jobs | jobs still running afterwards |\n|---|---|---:|---|---|---|---:|---|---|\n");
        for (String limit : List.of("0", "200")) {
            for (String variant : List.of("fixed8", "fixed64", "adaptive")) {
                Result r = results.stream()
                        .filter(x -> x.name.startsWith("ThrottledBulk")
                                && limit.equals(x.params.get("rateLimit"))
                                && variant.equals(x.params.get("variant")))
                        .findFirst()
                        .orElse(null);
                if (r == null) {
                    continue;
                }
                List<long[]> runs = counts.getOrDefault(variant + "/" + limit, List.of());
                long requests = runs.stream().mapToLong(c -> c[0]).sum();
                long refused = runs.stream().mapToLong(c -> c[1]).sum();
                out.append("| ")
                        .append(limit.equals("0") ? "(a) none" : "(b) " + limit + " req/s")
                        .append(" | ")
                        .append(variant)
                        .append(" | ")
                        .append(num(r.score))
                        .append(Double.isNaN(r.error) ? "" : " ± " + num(r.error))
                        .append(" | ")
                        .append(String.join(
                                ", ", r.raw.stream().map(Summary::num).toList()))
                        .append(" | ")
                        .append(joined(runs, 0))
                        .append(" | ")
                        .append(joined(runs, 1))
                        .append(" | ")
                        .append(requests == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * refused / requests))
                        .append(" | ")
                        .append(joined(runs, 2))
                        .append(" | ")
                        .append(joined(runs, 3))
                        .append(" |\n");
            }
        }
    }

    private static String joined(List<long[]> runs, int column) {
        return runs.isEmpty()
                ? "–"
                : String.join(
                        ", ", runs.stream().map(c -> String.valueOf(c[column])).toList());
    }

    private static void ratio(
            StringBuilder out,
            List<Result> results,
            Map<String, long[]> alloc,
            String ours,
            String base,
            String label) {
        Result a = find(results, ours);
        Result b = find(results, base);
        if (a == null || b == null) {
            return;
        }
        out.append("- ")
                .append(label)
                .append(": time **")
                .append(String.format(Locale.ROOT, "%.2fx", a.score / b.score))
                .append("**");
        long[] aa = alloc.get(ours);
        long[] ba = alloc.get(base);
        if (aa != null && ba != null) {
            double ours1 = (double) aa[0] / aa[1];
            double base1 = (double) ba[0] / ba[1];
            out.append(String.format(
                    Locale.ROOT, ", client-thread allocation %.2fx (%+.0f B/op)", ours1 / base1, ours1 - base1));
        }
        out.append('\n');
    }

    private static Result find(List<Result> results, String name) {
        return results.stream().filter(r -> r.name.equals(name)).findFirst().orElse(null);
    }

    private static String unitOf(List<Result> results, String name) {
        Result r = find(results, name);
        return r == null ? "us/op" : r.unit;
    }

    private static List<Result> read(Path file) throws IOException {
        List<Result> list = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(file.toFile())) {
            Map<String, String> params = new LinkedHashMap<>();
            run.path("params")
                    .properties()
                    .forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode primary = run.path("primaryMetric");
            List<Double> raw = new ArrayList<>();
            for (JsonNode fork : primary.path("rawData")) {
                fork.forEach(sample -> raw.add(sample.asDouble()));
            }
            JsonNode norm = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
            list.add(new Result(
                    ClientThreadAllocation.shortName(run.path("benchmark").asText()),
                    params,
                    primary.path("score").asDouble(),
                    primary.path("scoreError").asDouble(Double.NaN),
                    primary.path("scoreUnit").asText(),
                    raw.size(),
                    norm.isMissingNode() ? Double.NaN : norm.path("score").asDouble(),
                    raw));
        }
        return list;
    }

    private static String num(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
