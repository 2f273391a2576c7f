package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a bulk change ({@code pauseFineTunes}, {@code resumeFineTunes} and their freestyle build steps)
 * asks for, in the form the step or build step holds it: selector texts (see {@link BulkText}), flags,
 * and where to call ({@link FoundryTarget}, see {@link FoundryCall}). {@link #arguments()} hands the selection to the client's
 * {@code BulkArguments}, the one translation of these arguments.
 */
@Restricted(NoExternalUse.class)
public record BulkSettings(
        @CheckForNull String status,
        @CheckForNull String suffix,
        @CheckForNull String suffixRegex,
        @CheckForNull String model,
        @CheckForNull String metadata,
        @CheckForNull String jobIds,
        boolean all,
        boolean allowUnknownStatus,
        boolean dryRun,
        boolean waitForFinalStatus,
        int timeoutSeconds,
        int concurrency,
        boolean failOnError,
        @NonNull FoundryTarget target)
        implements Serializable {

    /** The same change, answered once every request was answered (the Pipeline step waits on its own). */
    @NonNull
    public BulkSettings withoutWait() {
        return new BulkSettings(
                status,
                suffix,
                suffixRegex,
                model,
                metadata,
                jobIds,
                all,
                allowUnknownStatus,
                dryRun,
                false,
                timeoutSeconds,
                concurrency,
                failOnError,
                target);
    }

    /** The same settings with {@code ${VAR}} references expanded (freestyle); credentials ids are not expanded. */
    @NonNull
    public BulkSettings expand(@NonNull EnvVars env) {
        return new BulkSettings(
                expand(env, status),
                expand(env, suffix),
                expand(env, suffixRegex),
                expand(env, model),
                expand(env, metadata),
                expand(env, jobIds),
                all,
                allowUnknownStatus,
                dryRun,
                waitForFinalStatus,
                timeoutSeconds,
                concurrency,
                failOnError,
                target.expand(env));
    }

    /**
     * The arguments for {@code BulkArguments.toCheckedRequest}, named as in the Pipeline step.
     *
     * @throws IllegalArgumentException for {@code metadata} text that is not {@code key=value} lines
     */
    @NonNull
    public Map<String, Object> arguments() {
        Map<String, Object> arguments = selection(status, suffix, suffixRegex, model, metadata);
        arguments.put("jobIds", BulkText.words(jobIds));
        arguments.put("all", all);
        arguments.put("allowUnknownStatus", allowUnknownStatus);
        arguments.put("dryRun", dryRun);
        arguments.put("wait", waitForFinalStatus);
        arguments.put("timeout", timeoutSeconds);
        arguments.put("concurrency", concurrency);
        return arguments;
    }

    /** The selector arguments alone, as {@code fineTuneJobs} passes them. */
    @NonNull
    public static Map<String, Object> selection(
            @CheckForNull String status,
            @CheckForNull String suffix,
            @CheckForNull String suffixRegex,
            @CheckForNull String model,
            @CheckForNull String metadata) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("status", BulkText.words(status));
        arguments.put("suffix", suffix);
        arguments.put("suffixRegex", suffixRegex);
        arguments.put("model", model);
        arguments.put("metadata", BulkText.metadata(metadata));
        return arguments;
    }

    @CheckForNull
    private static String expand(EnvVars env, @CheckForNull String value) {
        return value == null ? null : env.expand(value);
    }
}
