package io.jenkins.plugins.finetune.steps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server whose job listing never ends: every {@code GET …/fine_tuning/jobs} answers a page of jobs with ids
 * never sent before and {@code has_more: true}, as a broken or hostile endpoint might. A job read by id is running,
 * and a pause of it is accepted ({@code pausing}), but the job never shows up in the listing. Anything else is a
 * 404. Counts the listing requests. Test-only.
 */
final class EndlessListing implements AutoCloseable {

    private static final Pattern ONE_JOB = Pattern.compile(".*/fine_tuning/jobs/([A-Za-z0-9._:-]+)(/pause)?");

    private final HttpServer server;
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicInteger nextId = new AtomicInteger();
    private final int pageSize;
    private final String status;
    private final IntFunction<String> idOf;

    private EndlessListing(int pageSize, String status, IntFunction<String> idOf) throws IOException {
        this.pageSize = pageSize;
        this.status = status;
        this.idOf = idOf;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
    }

    /** Pages of {@code pageSize} jobs in {@code status}, ids {@code ftjob-endless-1}, {@code -2}, … */
    static EndlessListing start(int pageSize, String status) throws IOException {
        return start(pageSize, status, n -> "ftjob-endless-" + n);
    }

    /** As {@link #start(int, String)}, the n-th job's id (from 1) given by {@code idOf}, raw JSON string content. */
    static EndlessListing start(int pageSize, String status, IntFunction<String> idOf) throws IOException {
        EndlessListing listing = new EndlessListing(pageSize, status, idOf);
        listing.server.start();
        return listing;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Listing requests answered so far. */
    int pages() {
        return pages.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher one = ONE_JOB.matcher(path);
            if (one.matches()
                    && ("GET".equals(method) && one.group(2) == null
                            || "POST".equals(method) && "/pause".equals(one.group(2)))) {
                reply(exchange, 200, job(one.group(1), one.group(2) == null ? "running" : "pausing"));
                return;
            }
            if (!"GET".equals(method) || !path.endsWith("/fine_tuning/jobs")) {
                reply(exchange, 404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"not here\"}}");
                return;
            }
            pages.incrementAndGet();
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < pageSize; i++) {
                if (i > 0) {
                    data.append(',');
                }
                data.append(job(idOf.apply(nextId.incrementAndGet()), status));
            }
            reply(exchange, 200, "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":true}");
        }
    }

    private static String job(String id, String status) {
        return "{\"id\":\"" + id + "\",\"object\":\"fine_tuning.job\",\"created_at\":1717200000,"
                + "\"model\":\"gpt-4o-mini\",\"status\":\"" + status + "\",\"metadata\":{},"
                + "\"user_provided_suffix\":\"endless\"}";
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
