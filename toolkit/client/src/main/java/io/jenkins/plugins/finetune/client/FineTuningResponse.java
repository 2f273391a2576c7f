package io.jenkins.plugins.finetune.client;

/**
 * A successful answer with the HTTP details worth logging.
 *
 * @param statusCode the HTTP status
 * @param requestId  {@code apim-request-id} (or {@code x-request-id}), {@code null} if none came back
 * @param attempts   how many attempts it took (1 when no retry was needed)
 * @param value      the parsed body
 */
public record FineTuningResponse<T>(int statusCode, String requestId, int attempts, T value) {}
