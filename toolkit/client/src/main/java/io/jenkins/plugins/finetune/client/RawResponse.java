package io.jenkins.plugins.finetune.client;

/**
 * What came back from one exchange, read fully and within the size cap.
 *
 * @param status    HTTP status
 * @param requestId {@code apim-request-id}, else {@code x-request-id}, else {@code null}
 * @param location  the {@code Location} header of a redirect, else {@code null}
 * @param retryAfterMillis the server's retry hint in milliseconds, or -1
 * @param contentType the {@code Content-Type}, or {@code null}
 * @param body      the body bytes (empty, never null)
 * @param attempts  attempts made, counting this one
 */
record RawResponse(
        int status,
        String requestId,
        String location,
        long retryAfterMillis,
        String contentType,
        byte[] body,
        int attempts) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    RawResponse withAttempts(int count) {
        return new RawResponse(status, requestId, location, retryAfterMillis, contentType, body, count);
    }
}
