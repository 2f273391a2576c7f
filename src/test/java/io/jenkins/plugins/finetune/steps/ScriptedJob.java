package io.jenkins.plugins.finetune.steps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server for one job whose answers a test writes: each read of the job takes the next of the given JSON
 * texts (the last one stays), and its events are served newest first, paged with {@code after} and {@code limit}
 * as Azure does. The texts are raw, so a test can send what a hostile or broken server would. Anything else is a
 * 404. Counts the job reads and the event pages. Test-only.
 */
final class ScriptedJob implements AutoCloseable {

    private static final Pattern JOB = Pattern.compile(".*/fine_tuning/jobs/([A-Za-z0-9._:-]+)(/events)?");

    private final HttpServer server;
    private final List<String> reads;
    private final List<String> eventsNewestFirst = new ArrayList<>();
    private final AtomicInteger jobReads = new AtomicInteger();
    private final AtomicInteger eventPages = new AtomicInteger();

    private ScriptedJob(List<String> reads) throws IOException {
        this.reads = List.copyOf(reads);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
    }

    /** A server whose job answers {@code reads}, one per read (the last one then for ever). */
    static ScriptedJob start(List<String> reads) throws IOException {
        ScriptedJob job = new ScriptedJob(reads);
        job.server.start();
        return job;
    }

    /** A job's JSON with this id, status and error (raw JSON, or {@code null}). */
    static String job(String id, String status, String errorJson) {
        return "{\"id\":\"" + id + "\",\"object\":\"fine_tuning.job\",\"created_at\":1717200000,"
                + "\"model\":\"gpt-4o-mini\",\"fine_tuned_model\":null,\"status\":\"" + status + "\","
                + "\"error\":" + (errorJson == null ? "null" : errorJson) + ",\"metadata\":{}}";
    }

    /** An event as Azure sends one; {@code messageJson} is the raw JSON string content of the message. */
    static String event(String id, long createdAt, String level, String messageJson) {
        return "{\"object\":\"fine_tuning.job.event\",\"id\":\"" + id + "\",\"created_at\":" + createdAt
                + ",\"level\":\"" + level + "\",\"message\":\"" + messageJson + "\",\"type\":\"message\"}";
    }

    /** Adds events, each newer than those before (the newest is listed first). */
    synchronized ScriptedJob events(List<String> oldestFirst) {
        for (String event : oldestFirst) {
            eventsNewestFirst.add(0, event);
        }
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int jobReads() {
        return jobReads.get();
    }

    int eventPages() {
        return eventPages.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = JOB.matcher(exchange.getRequestURI().getPath());
            if (!"GET".equals(exchange.getRequestMethod()) || !path.matches()) {
                reply(exchange, 404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"not here\"}}");
                return;
            }
            if (path.group(2) == null) {
                int read = jobReads.getAndIncrement();
                reply(exchange, 200, reads.get(Math.min(read, reads.size() - 1)));
                return;
            }
            eventPages.incrementAndGet();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            reply(exchange, 200, page(query.get("after"), Integer.parseInt(query.getOrDefault("limit", "20"))));
        }
    }

    private synchronized String page(String after, int limit) {
        int start = 0;
        if (after != null) {
            for (int i = 0; i < eventsNewestFirst.size(); i++) {
                if (eventsNewestFirst.get(i).contains("\"id\":\"" + after + "\"")) {
                    start = i + 1;
                }
            }
        }
        int end = Math.min(eventsNewestFirst.size(), start + limit);
        return "{\"object\":\"list\",\"data\":[" + String.join(",", eventsNewestFirst.subList(start, end))
                + "],\"has_more\":" + (end < eventsNewestFirst.size()) + "}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
