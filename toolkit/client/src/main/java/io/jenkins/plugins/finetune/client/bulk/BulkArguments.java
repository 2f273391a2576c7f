package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.JobStatus;
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
 *
 * <p>{@link #toCheckedRequest} adds two safety rules that {@link #toRequest} (kept for existing
 * callers) does not apply: a status must be one this client knows unless {@code allowUnknownStatus}
 * says otherwise, so that a typo does not select nothing; a change with no selector at all (which
 * would touch every eligible job of the resource) needs {@code all: true}; and {@code jobIds} stands
 * alone (the ids are acted on as given, so a filter beside them would be ignored).
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
            "concurrency",
            "all",
            "allowUnknownStatus",
            "maxJobs");

    /** The selector arguments: a change with none of them needs {@code all}. */
    private static final List<String> SELECTORS =
            List.of("status", "suffix", "suffixRegex", "model", "metadata", "jobIds");

    /** How a front end spells an argument in messages: the Pipeline steps say {@code jobIds}, a CLI {@code --job-id}. */
    public interface Spelling {

        /** The argument's name as the user writes it, e.g. {@code suffixRegex} or {@code --suffix-regex}. */
        String of(String argument);

        /** How the user turns a boolean argument on, e.g. {@code all: true} or {@code --all}. */
        String enabled(String argument);
    }

    /** The Pipeline steps' and freestyle builders' spelling: {@code jobIds}, {@code all: true}. */
    public static final Spelling PIPELINE = new Spelling() {
        @Override
        public String of(String argument) {
            return argument;
        }

        @Override
        public String enabled(String argument) {
            return argument + ": true";
        }
    };

    private BulkArguments() {}

    /**
     * {@link #toRequest}, plus the safety rules: every {@code status} must be a {@link JobStatus#KNOWN}
     * one unless {@code allowUnknownStatus} is true, and a change with no selector argument needs
     * {@code all} to be true (and {@code all} with a selector is refused, as it would say two things), and
     * {@code jobIds} with any other selector is refused (the ids would win and the filter be ignored).
     *
     * @param spelling how the messages name the arguments ({@link #PIPELINE} for Jenkins)
     * @throws IllegalArgumentException naming the first argument that breaks a rule
     */
    public static BulkRequest toCheckedRequest(JobChange change, Map<String, ?> arguments, Spelling spelling) {
        boolean all = bool("all", arguments.get("all"));
        boolean anySelector = SELECTORS.stream().anyMatch(name -> given(arguments.get(name)));
        if (!anySelector && !all) {
            JobStatus target = change.eligibleFrom();
            // Not prefixed with "all:": the user who gets this never typed it.
            throw new IllegalArgumentException("no jobs were selected, so this would "
                    + change.verb() + " every " + (target == null ? "unfinished" : target.value())
                    + " job of the resource; select jobs with " + selectorList(spelling) + ", or pass "
                    + spelling.enabled("all") + " if every one is meant");
        }
        if (anySelector && all) {
            throw new IllegalArgumentException(spelling.of("all") + ": cannot be combined with a selector ("
                    + selectorList(spelling) + "); give one or the other");
        }
        if (given(arguments.get("suffix")) && given(arguments.get("suffixRegex"))) {
            // JobSelector says the same, but only in the Pipeline's names.
            throw new IllegalArgumentException(spelling.of("suffixRegex") + ": give either " + spelling.of("suffix")
                    + " (a prefix) or " + spelling.of("suffixRegex") + " (a regular expression), not both");
        }
        if (given(arguments.get("jobIds"))) {
            List<String> others = SELECTORS.stream()
                    .filter(name -> !name.equals("jobIds") && given(arguments.get(name)))
                    .map(spelling::of)
                    .toList();
            if (!others.isEmpty()) {
                // Ids are acted on as given; a filter beside them would be silently ignored, so it is refused.
                throw new IllegalArgumentException(spelling.of("jobIds") + ": cannot be combined with "
                        + String.join(", ", others) + "; the listed jobs are acted on whatever their status,"
                        + " suffix, model or metadata, so give either the ids or a selection");
            }
        }
        if (!bool("allowUnknownStatus", arguments.get("allowUnknownStatus"))) {
            for (String status : strings("status", arguments.get("status"))) {
                if (!JobStatus.of(status).isKnown()) {
                    throw new IllegalArgumentException(spelling.of("status") + ": '" + printable(status)
                            + "' is not a fine-tuning job status; use "
                            + String.join(
                                    ", ",
                                    JobStatus.KNOWN.stream()
                                            .map(JobStatus::value)
                                            .toList())
                            + " (for a status Azure added later, also pass " + spelling.enabled("allowUnknownStatus")
                            + ")");
                }
            }
        }
        return toRequest(change, arguments);
    }

    private static String selectorList(Spelling spelling) {
        List<String> names = SELECTORS.stream().map(spelling::of).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static boolean given(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof CharSequence text) {
            return !text.toString().replace(",", "").isBlank();
        }
        if (value instanceof Collection<?> items) {
            return items.stream().anyMatch(BulkArguments::given);
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        return true;
    }

    /** A status as typed, shortened and without control characters, to quote it back. */
    private static String printable(String text) {
        String flat = ConsoleText.sanitize(text);
        return flat.length() <= 40 ? flat : flat.substring(0, 40) + "…";
    }

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
        Object timeoutValue = arguments.get("timeout");
        if (timeoutValue instanceof Duration duration) {
            request.timeout(duration); // a front end that parsed it already (the CLI's seconds, fractions allowed)
        } else {
            Integer timeout = integer("timeout", timeoutValue);
            if (timeout != null) {
                request.timeout(Duration.ofSeconds(timeout));
            }
        }
        Integer concurrency = integer("concurrency", arguments.get("concurrency"));
        if (concurrency != null) {
            request.concurrency(concurrency);
        }
        // The cap is the front end's (an administrator's setting, the CLI's --max-jobs), not a step argument.
        Integer maxJobs = integer("maxJobs", arguments.get("maxJobs"));
        if (maxJobs != null) {
            request.maxJobs(maxJobs);
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
