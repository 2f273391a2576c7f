package io.jenkins.plugins.finetune.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One request as the emulator received it, secrets included so tests can assert what a client sent.
 * {@link #toString()} masks the credential headers, so a failing assertion does not print them.
 *
 * @param query   the raw query string, or {@code null} when there was none
 * @param headers header names in lower case, values in the order received
 * @param body    the request body as UTF-8 text ({@code ""} when there was none)
 */
public record RecordedRequest(
        String method, String path, String query, Map<String, List<String>> headers, String body, Instant receivedAt) {
    private static final Set<String> SECRET_HEADERS = Set.of("api-key", "authorization");

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, matched case-insensitively, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of a query parameter, decoded, or {@code null}. */
    public String queryParameter(String name) {
        return QueryString.parse(query).get(name);
    }

    @Override
    public String toString() {
        String shownHeaders = headers.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + (SECRET_HEADERS.contains(e.getKey()) ? "****" : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        return "RecordedRequest[" + method + " " + path + (query == null ? "" : "?" + query) + ", headers="
                + shownHeaders + ", body=" + body.length() + " chars, receivedAt=" + receivedAt + "]";
    }
}
