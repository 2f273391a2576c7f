package io.jenkins.plugins.finetune.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A one-shot misbehaviour for the next matching request, queued with {@link Faults#next(Fault)}.
 * Immutable: every modifier returns a new fault.
 *
 * <p>Except for {@link #delay(Duration)}, a fault answers <em>instead of</em> the emulated service: the
 * request never reaches the jobs, so their state does not change (as when a gateway refuses a request).
 *
 * <ul>
 *   <li>{@link #status(int)} / {@link #respond(int, Map, String)}: that status, headers and body
 *       (by default an Azure error body), plus the usual request-id headers.</li>
 *   <li>{@link #delay(Duration)}: waits, then answers normally.</li>
 *   <li>{@link #malformedBody()}: 200, {@code Content-Type: application/json}, a truncated JSON body.</li>
 *   <li>{@link #resetConnection()}: closes the connection without sending a byte of response; a client sees
 *       "connection closed / no response" (JDK HttpClient: {@code IOException}, HttpClient 5:
 *       {@code NoHttpResponseException}). The close is an orderly one (FIN), not a TCP RST: the JDK server
 *       offers no way to abort a socket. Clients commonly retry an idempotent request (GET) once on their own
 *       when this happens (the JDK client does), so queue two resets to make a GET fail.</li>
 *   <li>{@link #hang()}: sends nothing until the emulator closes or the bound passes, then closes the
 *       connection without a response; a client sees its own read/response timeout first.</li>
 * </ul>
 */
public final class Fault {
    /** How long {@link #hang()} holds a request at most when the emulator stays open. */
    public static final Duration DEFAULT_HANG_BOUND = Duration.ofMinutes(5);

    enum Kind {
        RESPOND,
        DELAY,
        MALFORMED_BODY,
        RESET_CONNECTION,
        HANG
    }

    final Kind kind;
    final int status;
    final Map<String, String> headers;
    final String body;
    final Duration duration;
    private final String method;
    private final String pathContains;

    private Fault(
            Kind kind,
            int status,
            Map<String, String> headers,
            String body,
            Duration duration,
            String method,
            String pathContains) {
        this.kind = kind;
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.duration = duration;
        this.method = method;
        this.pathContains = pathContains;
    }

    /** Answers with this HTTP status and an Azure error body naming it (change both with the modifiers). */
    public static Fault status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        return new Fault(Kind.RESPOND, status, Map.of(), AzureErrors.injected(status), null, null, null);
    }

    /** Answers with exactly this status, these headers and this body. */
    public static Fault respond(int status, Map<String, String> headers, String body) {
        return status(status).withHeaders(headers).body(body);
    }

    /** Waits this long, then lets the request through to the emulated service. */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, Map.of(), null, requirePositiveOrZero(delay), null, null);
    }

    /** Answers 200 with a JSON content type and a truncated, unparseable JSON body. */
    public static Fault malformedBody() {
        return new Fault(Kind.MALFORMED_BODY, 200, Map.of(), "{\"id\":\"ftjob-", null, null, null);
    }

    /** Closes the connection without any response. */
    public static Fault resetConnection() {
        return new Fault(Kind.RESET_CONNECTION, 0, Map.of(), null, null, null, null);
    }

    /** Never answers: holds the request until the emulator closes or {@link #DEFAULT_HANG_BOUND} passes. */
    public static Fault hang() {
        return hang(DEFAULT_HANG_BOUND);
    }

    /** Holds the request until the emulator closes or {@code atMost} passes, then closes the connection. */
    public static Fault hang(Duration atMost) {
        return new Fault(Kind.HANG, 0, Map.of(), null, requirePositiveOrZero(atMost), null, null);
    }

    /** Adds a response header (only meaningful for {@link #status(int)} faults). */
    public Fault header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Fault(kind, status, more, body, duration, method, pathContains);
    }

    /** Replaces the response body, e.g. with an HTML page from a gateway (set a matching Content-Type header). */
    public Fault body(String body) {
        return new Fault(kind, status, headers, Objects.requireNonNull(body, "body"), duration, method, pathContains);
    }

    /**
     * Applies the fault only to requests with this method ({@code null}: any) whose path contains
     * {@code pathContains} ({@code null}: any), e.g. {@code onlyFor("POST", "/pause")}.
     * Requests that do not match pass by; the fault waits in the queue for one that does.
     */
    public Fault onlyFor(String method, String pathContains) {
        return new Fault(
                kind,
                status,
                headers,
                body,
                duration,
                method == null ? null : method.toUpperCase(Locale.ROOT),
                pathContains);
    }

    boolean matches(String requestMethod, String requestPath) {
        return (method == null || method.equalsIgnoreCase(requestMethod))
                && (pathContains == null || requestPath.contains(pathContains));
    }

    @Override
    public String toString() {
        String filter = method == null && pathContains == null
                ? ""
                : " onlyFor " + (method == null ? "*" : method) + " *" + (pathContains == null ? "" : pathContains)
                        + "*";
        return switch (kind) {
            case RESPOND -> "Fault[status " + status + (headers.isEmpty() ? "" : " " + headers) + filter + "]";
            case DELAY -> "Fault[delay " + duration + filter + "]";
            case MALFORMED_BODY -> "Fault[malformedBody" + filter + "]";
            case RESET_CONNECTION -> "Fault[resetConnection" + filter + "]";
            case HANG -> "Fault[hang up to " + duration + filter + "]";
        };
    }

    private Fault withHeaders(Map<String, String> more) {
        Fault fault = this;
        for (Map.Entry<String, String> header : more.entrySet()) {
            fault = fault.header(header.getKey(), header.getValue());
        }
        return fault;
    }

    private static Duration requirePositiveOrZero(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be zero or positive: " + duration);
        }
        return duration;
    }
}
