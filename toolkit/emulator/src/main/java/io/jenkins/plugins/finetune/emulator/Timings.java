package io.jenkins.plugins.finetune.emulator;

import java.time.Duration;

/**
 * How long each automatic step of a job's life lasts on the emulator's clock.
 *
 * @param training running time until a job succeeds; {@code null} means never, so jobs stay running
 */
record Timings(Duration validatingFiles, Duration queued, Duration pausing, Duration resuming, Duration training) {}
