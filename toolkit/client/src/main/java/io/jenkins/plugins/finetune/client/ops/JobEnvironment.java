package io.jenkins.plugins.finetune.client.ops;

import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables a freestyle build exports for later steps; empty strings for missing values. The values
 * are Azure's text, untrusted: they go through {@link ConsoleText}, so that a later {@code echo $FINE_TUNE_MODEL}
 * cannot print escape sequences or forge log lines.
 */
public final class JobEnvironment {

    public static final String JOB_ID = "FINE_TUNE_JOB_ID";
    public static final String STATUS = "FINE_TUNE_STATUS";
    public static final String MODEL = "FINE_TUNE_MODEL";
    public static final String FINE_TUNED_MODEL = "FINE_TUNE_FINE_TUNED_MODEL";

    private JobEnvironment() {}

    public static Map<String, String> of(FineTuningJob job) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(JOB_ID, printable(job.id()));
        env.put(STATUS, job.status() == null ? "" : printable(job.status().value()));
        env.put(MODEL, printable(job.model()));
        env.put(FINE_TUNED_MODEL, printable(job.fineTunedModel()));
        return env;
    }

    private static String printable(String value) {
        return value == null ? "" : ConsoleText.sanitize(value);
    }
}
