package io.jenkins.plugins.finetune.client;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * What came back from one exchange, read fully and within the size cap; plain data, so that a transport can carry
 * it back from another JVM. Holds no secret: Azure does not echo credentials.
 *
 * @param status HTTP status
 * @param requestId {@code apim-request-id}, else {@code x-request-id}, else {@code x-ms-request-id}, else {@code null}
 * @param location the {@code Location} header of a redirect, else {@code null}
 * @param retryAfterMillis the server's retry hint in milliseconds, or -1
 * @param contentType the {@code Content-Type}, or {@code null}
 * @param body the body bytes (empty, never null); empty when {@code tooLargeBytes} is not -1
 * @param tooLargeBytes -1; else the body was over the cap and not read: its declared length, or 0 if unknown
 */
public record ExchangeResponse(
        int status,
        String requestId,
        String location,
        long retryAfterMillis,
        String contentType,
        byte[] body,
        long tooLargeBytes)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public ExchangeResponse {
        Objects.requireNonNull(body, "body");
    }

    /** Whether the body was over the cap (and so not read). */
    public boolean tooLarge() {
        return tooLargeBytes != -1;
    }
}
