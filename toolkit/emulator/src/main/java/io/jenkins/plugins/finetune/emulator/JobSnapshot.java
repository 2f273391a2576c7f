package io.jenkins.plugins.finetune.emulator;

import java.util.Map;

/**
 * A job as the emulator holds it at one instant, for test assertions (see {@link FineTuningEmulator#job(String)}).
 *
 * @param suffix    the user-provided suffix, or {@code null}
 * @param metadata  the metadata, or {@code null} when none was given
 * @param fineTunedModel {@code null} until the job succeeds
 * @param trainedSteps   training steps finished so far, of {@code totalSteps}
 */
public record JobSnapshot(
        String id,
        String status,
        String model,
        String suffix,
        Map<String, String> metadata,
        String fineTunedModel,
        int eventCount,
        int checkpointCount,
        int trainedSteps,
        int totalSteps) {

    static JobSnapshot of(Job job) {
        return new JobSnapshot(
                job.id,
                job.status(),
                job.model,
                job.suffix,
                job.metadata,
                job.fineTunedModel(),
                job.events().size(),
                job.checkpoints().size(),
                job.trainedSteps(),
                job.plan.totalSteps());
    }
}
