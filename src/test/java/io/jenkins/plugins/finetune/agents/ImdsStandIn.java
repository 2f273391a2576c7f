package io.jenkins.plugins.finetune.agents;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Azure's instance metadata service token endpoint ({@code GET
 * /metadata/identity/oauth2/token?api-version=…&resource=…[&client_id=…]} with {@code Metadata: true}), as an agent
 * reaches it when {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} points here. Answers every token request with one fixed
 * token valid for an hour, and records each request. Test-only.
 */
public final class ImdsStandIn implements AutoCloseable {

    public static final String TOKEN_PATH = "/metadata/identity/oauth2/token";

    /** One request: its path, decoded query parameters and {@code Metadata} header ({@code null} when absent). */
    public record Call(String path, Map<String, String> query, String metadataHeader) {}

    private final HttpServer server;
    private final String token;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private ImdsStandIn(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
    }

    /** @param token the access token every request gets */
    public static ImdsStandIn start(String token) throws IOException {
        ImdsStandIn imds = new ImdsStandIn(token);
        imds.server.start();
        return imds;
    }

    /** What {@code AZURE_POD_IDENTITY_AUTHORITY_HOST} is set to, e.g. {@code http://127.0.0.1:40123}. */
    public String authorityHost() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Call call = new Call(
                    exchange.getRequestURI().getPath(),
                    parse(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Metadata"));
            calls.add(call);
            if (!TOKEN_PATH.equals(call.path()) || !"true".equals(call.metadataHeader())) {
                // what IMDS answers a request without Metadata: true
                reply(
                        exchange,
                        400,
                        "{\"error\":\"invalid_request\",\"error_description\":\"Required metadata header"
                                + " not specified\"}");
                return;
            }
            long expiresOn = Instant.now().plusSeconds(3600).getEpochSecond();
            reply(
                    exchange,
                    200,
                    "{\"access_token\":\"" + token + "\",\"expires_in\":\"3600\",\"expires_on\":\""
                            + expiresOn + "\",\"resource\":\"" + call.query().get("resource")
                            + "\",\"token_type\":\"Bearer\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
