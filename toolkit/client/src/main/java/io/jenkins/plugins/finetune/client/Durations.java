package io.jenkins.plugins.finetune.client;

import java.time.Duration;
import java.util.Objects;

/** The one check every timeout, delay and interval option goes through. */
public final class Durations {

    private Durations() {}

    /**
     * @param field the option's name, first in the message
     * @throws IllegalArgumentException {@code "<field>: must be greater than zero, got 0 s"} for zero or negative values
     */
    public static Duration requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be greater than zero, got " + describe(value));
        }
        return value;
    }

    /** {@code 30 s} for whole seconds, else {@code 250 ms}. */
    public static String describe(Duration value) {
        return value.toMillis() % 1000 == 0 ? value.toSeconds() + " s" : value.toMillis() + " ms";
    }
}
