package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named arguments of the bulk steps ({@code pauseFineTunes(status:, suffix:, suffixRegex:,
 * model:, metadata:, jobIds:, dryRun:, wait:, timeout:, concurrency:)}) turned into a
 * {@link BulkRequest}: one translation for the Pipeline steps, the freestyle builder, the CLI and
 * the tests that run the documented examples. Errors name the argument.
 */
public final class BulkArguments {

    /** Every argument this class reads; others (credentials, endpoint, failOnError) belong to the caller. */
    public static final Set<String> NAMES = Set.of(
            "status",
            "suffix",
            "suffixRegex",
            "model",
            "metadata",
            "jobIds",
            "dryRun",
            "wait",
            "timeout",
            "concurrency");

    private BulkArguments() {}

    /**
     * @param arguments argument name → value; {@code null} values and absent names take the defaults
     * @throws IllegalArgumentException naming the first argument with a wrong type or value
     */
    public static BulkRequest toRequest(JobChange change, Map<String, ?> arguments) {
        JobSelector.Builder selector = JobSelector.builder()
                .statuses(strings("status", arguments.get("status")))
                .suffixPrefix(string("suffix", arguments.get("suffix")))
                .suffixRegex(string("suffixRegex", arguments.get("suffixRegex")))
                .model(string("model", arguments.get("model")))
                .metadata(stringMap("metadata", arguments.get("metadata")))
                .jobIds(strings("jobIds", arguments.get("jobIds")));
        BulkRequest.Builder request = BulkRequest.builder(change, selector.build())
                .dryRun(bool("dryRun", arguments.get("dryRun")))
                .waitForFinalStatus(bool("wait", arguments.get("wait")));
        Integer timeout = integer("timeout", arguments.get("timeout"));
        if (timeout != null) {
            request.timeout(Duration.ofSeconds(timeout));
        }
        Integer concurrency = integer("concurrency", arguments.get("concurrency"));
        if (concurrency != null) {
            request.concurrency(concurrency);
        }
        return request.build();
    }

    private static String string(String name, Object value) {
        if (value == null || value instanceof CharSequence) {
            return value == null ? null : value.toString();
        }
        throw new IllegalArgumentException(name + ": must be a string, got " + typeOf(value));
    }

    /** A single string, a comma-separated string, or a list of strings. */
    private static List<String> strings(String name, Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof CharSequence text) {
            for (String part : text.toString().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                out.add(string(name, item));
            }
            return out;
        }
        throw new IllegalArgumentException(name + ": must be a string or a list of strings, got " + typeOf(value));
    }

    private static Map<String, String> stringMap(String name, Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    name + ": must be a map such as [pause_at_night: 'true'], got " + typeOf(value));
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new IllegalArgumentException(name + ": keys and values must not be null");
            }
            // Groovy writes [flag: true]; Azure metadata values are strings, so compare as strings.
            out.put(entry.getKey().toString(), entry.getValue().toString());
        }
        return out;
    }

    private static boolean bool(String name, Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof CharSequence text
                && (text.toString().equalsIgnoreCase("true") || text.toString().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text.toString());
        }
        throw new IllegalArgumentException(name + ": must be true or false, got " + typeOf(value));
    }

    private static Integer integer(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return Math.toIntExact(((Number) value).longValue());
        }
        if (value instanceof CharSequence text) {
            try {
                return Integer.parseInt(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": must be a whole number, got '" + text + "'");
            }
        }
        throw new IllegalArgumentException(name + ": must be a whole number, got " + typeOf(value));
    }

    private static String typeOf(Object value) {
        return value.getClass().getSimpleName();
    }
}
