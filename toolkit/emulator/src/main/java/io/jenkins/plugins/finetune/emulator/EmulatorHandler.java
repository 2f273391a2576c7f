package io.jenkins.plugins.finetune.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP side of one request, in this order: record it, wait the global latency, apply the next
 * matching fault, then route, authenticate, apply the rate limit, check {@code api-version} and let
 * {@link FineTuningApi} answer.
 * Every answer carries {@code apim-request-id} and {@code x-request-id}.
 */
final class EmulatorHandler implements HttpHandler {
    private final FineTuningApi api;
    private final Authenticator authenticator;
    private final Faults faults;
    private final RequestLog requestLog;
    private final Supplier<Duration> latency;
    private final CountDownLatch closing;
    private final Clock clock;
    private final Consumer<String> accessLog;
    private final Supplier<RateLimit> rateLimit;
    private final InFlight inFlight;
    private final Connections connections;

    EmulatorHandler(
            FineTuningApi api,
            Authenticator authenticator,
            Faults faults,
            RequestLog requestLog,
            Supplier<Duration> latency,
            CountDownLatch closing,
            Clock clock,
            Consumer<String> accessLog,
            Supplier<RateLimit> rateLimit,
            InFlight inFlight,
            Connections connections) {
        this.api = api;
        this.authenticator = authenticator;
        this.faults = faults;
        this.requestLog = requestLog;
        this.latency = latency;
        this.closing = closing;
        this.clock = clock;
        this.accessLog = accessLog;
        this.rateLimit = rateLimit;
        this.inFlight = inFlight;
        this.connections = connections;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long startedNanos = System.nanoTime();
        String outcome = "closed without response";
        InFlight.Request counted = inFlight.enter();
        connections.requestFrom(exchange.getRemoteAddress());
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requestLog.add(new RecordedRequest(
                    method,
                    path,
                    exchange.getRequestURI().getRawQuery(),
                    lowerCaseNames(exchange.getRequestHeaders()),
                    body,
                    clock.instant()));
            if (!pause(latency.get())) {
                return;
            }
            Optional<Fault> fault = faults.take(method, path);
            if (fault.isPresent() && fault.get().kind != Fault.Kind.DELAY) {
                outcome = answerWith(exchange, fault.get(), counted);
                return;
            }
            if (fault.isPresent() && !pause(fault.get().duration)) {
                return;
            }
            outcome = send(exchange, serve(exchange, method, path, body), counted);
        } catch (IOException | RuntimeException e) {
            outcome = trySendInternalError(exchange, e, counted);
        } finally {
            counted.answered();
            exchange.close();
            logAccess(exchange, outcome, startedNanos);
        }
    }

    /** Answers in the fault's stead; reset and hang close the exchange without sending anything. */
    private String answerWith(HttpExchange exchange, Fault fault, InFlight.Request counted) throws IOException {
        return switch (fault.kind) {
            case RESPOND -> send(exchange, new Reply(fault.status, fault.headers, fault.body), counted) + " (fault)";
            case MALFORMED_BODY ->
                send(exchange, Reply.json(fault.status, fault.body), counted) + " malformed body (fault)";
            case RESET_CONNECTION -> "connection closed without response (fault)";
            case HANG -> {
                pause(fault.duration);
                yield "hung, then closed without response (fault)";
            }
            case DELAY -> throw new IllegalStateException("a delay answers normally");
        };
    }

    private Reply serve(HttpExchange exchange, String method, String path, String body) {
        try {
            Route route = Route.resolve(method, path);
            if (!authenticator.accepts(exchange.getRequestHeaders())) {
                return Reply.json(401, AzureErrors.unauthorized());
            }
            RateLimit limit = rateLimit.get();
            if (limit != null) {
                long waitMillis = limit.take(credential(exchange.getRequestHeaders()));
                if (waitMillis > 0) {
                    return RateLimit.tooManyRequests(waitMillis);
                }
            }
            Map<String, String> query =
                    QueryString.parse(exchange.getRequestURI().getRawQuery());
            ApiVersions.check(route.dialect(), query.get("api-version"));
            return api.handle(route, query, body);
        } catch (ApiError refusal) {
            return Reply.error(refusal);
        }
    }

    /** The key the rate limit counts against: one bucket per API key or bearer token, as Azure's quota is per caller. */
    private static String credential(Headers headers) {
        String apiKey = headers.getFirst("api-key");
        return apiKey != null ? "api-key " + apiKey : String.valueOf(headers.getFirst("Authorization"));
    }

    private static String send(HttpExchange exchange, Reply reply, InFlight.Request counted) throws IOException {
        counted.answered();
        String requestId = UUID.randomUUID().toString();
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("apim-request-id", requestId);
        headers.set("x-request-id", requestId);
        reply.headers().forEach(headers::set);
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        return String.valueOf(reply.status());
    }

    private static String trySendInternalError(HttpExchange exchange, Exception cause, InFlight.Request counted) {
        try {
            return send(
                    exchange,
                    Reply.json(
                            500,
                            AzureErrors.body(
                                    "500",
                                    "The emulator failed: " + cause.getClass().getSimpleName(),
                                    null)),
                    counted);
        } catch (IOException | RuntimeException alreadyAnswering) {
            return "failed: " + cause.getClass().getSimpleName();
        }
    }

    /**
     * Waits, returning early (false) when the emulator closes so that a closing emulator never
     * waits for sleeping requests.
     */
    private boolean pause(Duration duration) {
        if (duration.isZero()) {
            return true;
        }
        try {
            return !closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void logAccess(HttpExchange exchange, String outcome, long startedNanos) {
        if (accessLog == null) {
            return;
        }
        // Path and status only: headers (credentials) never reach the log.
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        accessLog.accept(exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getPath() + " -> " + outcome + " (" + millis + " ms)");
    }

    private static Map<String, List<String>> lowerCaseNames(Headers headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        // Headers already merges names case-insensitively; lower case makes the map easy to query.
        headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return copy;
    }
}
