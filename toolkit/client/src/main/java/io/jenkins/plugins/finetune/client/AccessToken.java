package io.jenkins.plugins.finetune.client;

import java.time.Instant;
import java.util.Objects;

/** A bearer token and the instant it expires. {@code toString()} never shows the token. */
public final class AccessToken {

    private final SecretValue token;
    private final Instant expiresAt;

    public AccessToken(String token, Instant expiresAt) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token: the token source returned an empty token");
        }
        this.token = SecretValue.of(token);
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public String token() {
        return token.reveal();
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "AccessToken[****, expiresAt=" + expiresAt + "]";
    }
}
