package io.jenkins.plugins.finetune.client;

import java.util.Objects;

/**
 * A secret (an API key, a bearer token, a proxy password) the client holds in memory only: its type says so
 * where a field is declared, {@code toString()} never shows it, and it is not {@code Serializable}, so it cannot
 * end up in a file or a Jenkins XML by accident. {@link #reveal()} is called only where the secret is sent.
 */
final class SecretValue {

    private final String value;

    private SecretValue(String value) {
        this.value = value;
    }

    static SecretValue of(String value) {
        return new SecretValue(Objects.requireNonNull(value, "value"));
    }

    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
