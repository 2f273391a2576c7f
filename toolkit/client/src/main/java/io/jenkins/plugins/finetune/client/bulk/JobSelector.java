package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.JobStatus;
import java.util.ArrayList;
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
        if (suffixPattern != null
                && (job.suffix() == null || !suffixPattern.matcher(job.suffix()).matches())) {
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
        private final List<String> jobIds = new ArrayList<>();

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
                String valid = JobIds.requireValid(id);
                if (!jobIds.contains(valid)) {
                    jobIds.add(valid);
                }
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
