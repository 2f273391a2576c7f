package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.JobStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which jobs a bulk operation applies to. Every given criterion must match: statuses, suffix
 * (prefix or regular expression, on {@code user_provided_suffix} or {@code suffix}), base model,
 * and metadata pairs. Alternatively an explicit list of ids, which selects those jobs whatever
 * their status. Immutable.
 */
public final class JobSelector {

    /** Longest {@code suffixRegex} accepted: a suffix is at most a few dozen characters, its pattern need not be long. */
    public static final int MAX_SUFFIX_REGEX_LENGTH = 512;

    /** Longest one suffix may take to match {@code suffixRegex}: far beyond any sane pattern, short enough for a shared thread. */
    public static final Duration SUFFIX_MATCH_TIME_LIMIT = Duration.ofSeconds(1);

    private final Set<JobStatus> statuses;
    private final String suffixPrefix;
    private final Pattern suffixPattern;
    private final String model;
    private final Map<String, String> metadata;
    private final List<String> jobIds;

    private JobSelector(Builder b) {
        this.statuses = Set.copyOf(b.statuses);
        this.suffixPrefix = b.suffixPrefix;
        this.suffixPattern = b.suffixPattern;
        this.model = b.model;
        this.metadata = Map.copyOf(b.metadata);
        this.jobIds = List.copyOf(b.jobIds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Explicit ids; empty when the selector lists jobs instead. */
    public List<String> jobIds() {
        return jobIds;
    }

    /** Statuses to select; empty means the change's own eligible status (see {@link BulkRequest}). */
    public Set<JobStatus> statuses() {
        return statuses;
    }

    /** True when the job matches every criterion but status. */
    public boolean matchesAttributes(FineTuningJob job) {
        if (suffixPrefix != null && (job.suffix() == null || !job.suffix().startsWith(suffixPrefix))) {
            return false;
        }
        if (suffixPattern != null && (job.suffix() == null || !suffixMatches(job.suffix()))) {
            return false;
        }
        if (model != null && !model.equals(job.model())) {
            return false;
        }
        if (!metadata.isEmpty()) {
            Map<String, String> actual = job.metadata();
            for (Map.Entry<String, String> wanted : metadata.entrySet()) {
                if (!wanted.getValue().equals(actual.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Matches the suffix through {@link BoundedText}: a pattern that backtracks catastrophically stops at an
     * interrupt or after {@link #SUFFIX_MATCH_TIME_LIMIT} instead of holding a shared thread.
     *
     * @throws FineTuningInterruptedException when the calling thread is interrupted (the flag is set again)
     * @throws SelectionRefusedException when the match takes longer than the time limit
     */
    private boolean suffixMatches(String suffix) {
        BoundedText text = new BoundedText(suffix, System.nanoTime() + SUFFIX_MATCH_TIME_LIMIT.toNanos());
        try {
            return suffixPattern.matcher(text).matches();
        } catch (BoundedText.Stopped stopped) {
            if (stopped.interrupted) {
                Thread.currentThread().interrupt();
                throw new FineTuningInterruptedException("Interrupted while matching suffixRegex against the suffix '"
                        + ConsoleText.sanitize(shortened(suffix)) + "'");
            }
            throw new SelectionRefusedException(
                    SelectionRefusedException.Reason.SUFFIX_REGEX_TOO_SLOW,
                    "suffixRegex: matching the suffix '" + ConsoleText.sanitize(shortened(suffix))
                            + "' took longer than "
                            + SUFFIX_MATCH_TIME_LIMIT.toMillis()
                            + " ms, so the selection stopped; the pattern backtracks"
                            + " too much (nested repetitions such as (a+)+ do): simplify it, or select by suffix prefix");
        }
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    /**
     * The suffix as the regex engine reads it, one character at a time: every few hundred reads it checks the
     * thread's interrupt flag and the deadline, and stops the match by throwing. Java's regex engine has no
     * timeout of its own, but it reads its input only through {@code charAt}.
     */
    private static final class BoundedText implements CharSequence {
        private static final int CHECK_EVERY = 256;

        private final String text;
        private final long deadlineNanos;
        private int reads;

        BoundedText(String text, long deadlineNanos) {
            this.text = text;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            if (++reads % CHECK_EVERY == 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Stopped(true);
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw new Stopped(false);
                }
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedText(text.substring(start, end), deadlineNanos);
        }

        @Override
        public String toString() {
            return text;
        }

        /** Unwinds the regex engine; caught in {@link #suffixMatches}. */
        static final class Stopped extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final boolean interrupted;

            Stopped(boolean interrupted) {
                super(null, null, false, false);
                this.interrupted = interrupted;
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("JobSelector[");
        if (!jobIds.isEmpty()) {
            text.append("jobIds=")
                    .append(jobIds.size() <= 5 ? jobIds.toString() : jobIds.size() + " ids")
                    .append(", ");
        }
        text.append("statuses=").append(statuses);
        if (suffixPrefix != null) {
            text.append(", suffix prefix=").append(suffixPrefix);
        }
        if (suffixPattern != null) {
            text.append(", suffix regex=").append(suffixPattern.pattern());
        }
        if (model != null) {
            text.append(", model=").append(model);
        }
        if (!metadata.isEmpty()) {
            text.append(", metadata=").append(new java.util.TreeMap<>(metadata));
        }
        return text.append("]").toString();
    }

    /** Builder; setters validate and name the field they reject. */
    public static final class Builder {
        private final Set<JobStatus> statuses = new LinkedHashSet<>();
        private String suffixPrefix;
        private Pattern suffixPattern;
        private String model;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        /** A set, so that de-duplicating a long list stays linear; insertion order is the order given. */
        private final Set<String> jobIds = new LinkedHashSet<>();

        private Builder() {}

        /** Select jobs in any of these statuses (e.g. {@code running}); blank entries are ignored. */
        public Builder statuses(Collection<String> values) {
            for (String value : Objects.requireNonNull(values, "status")) {
                if (value != null && !value.isBlank()) {
                    statuses.add(JobStatus.of(value));
                }
            }
            return this;
        }

        public Builder suffixPrefix(String value) {
            this.suffixPrefix = blankToNull(value);
            return this;
        }

        /** A Java regular expression the whole suffix must match. */
        public Builder suffixRegex(String value) {
            String regex = blankToNull(value);
            if (regex == null) {
                this.suffixPattern = null;
                return this;
            }
            if (regex.length() > MAX_SUFFIX_REGEX_LENGTH) {
                throw new IllegalArgumentException("suffixRegex: is " + regex.length() + " characters long; at most "
                        + MAX_SUFFIX_REGEX_LENGTH + " are allowed (a suffix itself is short: select by a shorter"
                        + " pattern, by suffix prefix, or by metadata)");
            }
            try {
                this.suffixPattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "suffixRegex: '" + regex + "' is not a valid regular expression: " + e.getDescription());
            }
            return this;
        }

        public Builder model(String value) {
            this.model = blankToNull(value);
            return this;
        }

        /** Metadata pairs that must all be present with these values. Azure limits: key 64, value 512 characters. */
        public Builder metadata(Map<String, String> values) {
            for (Map.Entry<String, String> entry :
                    Objects.requireNonNull(values, "metadata").entrySet()) {
                String key = entry.getKey();
                String value = entry.getValue();
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("metadata: keys must not be blank");
                }
                if (key.length() > 64) {
                    throw new IllegalArgumentException("metadata: key '" + key.substring(0, 16) + "…' is "
                            + key.length() + " characters; Azure allows at most 64");
                }
                if (value == null) {
                    throw new IllegalArgumentException("metadata: the value of '" + key + "' must not be null");
                }
                if (value.length() > 512) {
                    throw new IllegalArgumentException("metadata: the value of '" + key + "' is " + value.length()
                            + " characters; Azure allows at most 512");
                }
                metadata.put(key, value);
            }
            return this;
        }

        /**
         * Explicit job ids (validated); these are acted on whatever the other criteria say
         * ({@link BulkArguments#toCheckedRequest} refuses other criteria beside them).
         */
        public Builder jobIds(Collection<String> ids) {
            for (String id : Objects.requireNonNull(ids, "jobIds")) {
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException(
                            "jobIds: has an empty entry (two commas in a row, or one at an end?); list ids such as"
                                    + " ftjob-abc,ftjob-def");
                }
                jobIds.add(JobIds.requireValid(id)); // a repeated id is kept once, where it first came
            }
            return this;
        }

        public JobSelector build() {
            if (suffixPrefix != null && suffixPattern != null) {
                throw new IllegalArgumentException(
                        "suffixRegex: give either suffix (a prefix) or suffixRegex (a regular expression), not both");
            }
            return new JobSelector(this);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
