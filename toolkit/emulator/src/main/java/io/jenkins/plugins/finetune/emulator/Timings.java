package io.jenkins.plugins.finetune.emulator;

import java.time.Duration;

/**
 * How long each automatic step of a job's life lasts on the emulator's clock.
 *
 * @param step     running time per training step (a job's run lasts its total steps times this)
 * @param training running time of a whole run whatever its steps, or {@code null} to go by {@code step}
 */
record Timings(
        Duration validatingFiles,
        Duration queued,
        Duration pausing,
        Duration resuming,
        Duration step,
        Duration training) {}
