package io.jenkins.plugins.finetune.benchmarks;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP server that answers every request with the same {@code 200} and the same
 * {@code fine_tuning.job} body, as fast as the JDK server can: the server of
 * {@link SinglePauseBenchmark}, where the emulator cannot serve (it refuses to pause a job twice, as
 * Azure does) and where its own work (request log, JSON rendering) would only dilute the difference
 * between the two clients.
 *
 * <p>Requests are answered on the server's dispatcher thread (no hand-over to a pool), which
 * roughly halves the server's share of a call on a 2-core machine; run the benchmark with
 * {@code -Dsun.net.httpserver.nodelay=true} (the benchmark's fork does), or Nagle's algorithm and
 * delayed ACKs add about 40 ms to every call.
 *
 * <p>It checks the {@code api-key} (401 otherwise) and remembers the last request line and the
 * headers that matter, so that the benchmark can prove both clients sent the same request.
 */
final class CannedJobServer implements AutoCloseable {

    private final HttpServer server;
    private final byte[] body;
    // A benchmark server's made-up key, in memory for the length of a benchmark.
    @SuppressWarnings("lgtm[jenkins/plaintext-storage]")
    private final String apiKey;

    private volatile String lastRequest = "";

    CannedJobServer(String apiKey, byte[] body) throws IOException {
        this.apiKey = apiKey;
        this.body = body.clone();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        // The dispatcher thread answers itself: no hand-over to a pool thread (one benchmark thread, one connection).
        server.setExecutor(Runnable::run);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code POST /path?query | api-key=.. | accept=.. | content-length=..} of the last request. */
    String lastRequest() {
        return lastRequest;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            Headers request = exchange.getRequestHeaders();
            lastRequest = exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " | api-key=" + request.getFirst("api-key")
                    + " | accept=" + request.getFirst("Accept")
                    + " | content-length=" + request.getFirst("Content-Length");
            Headers response = exchange.getResponseHeaders();
            response.set("Content-Type", "application/json");
            if (!apiKey.equals(request.getFirst("api-key"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            // Fixed ids: the emulator's request ids are random UUIDs, which would only add server-side noise.
            response.set("apim-request-id", "00000000-0000-0000-0000-000000000001");
            response.set("x-request-id", "00000000-0000-0000-0000-000000000001");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
