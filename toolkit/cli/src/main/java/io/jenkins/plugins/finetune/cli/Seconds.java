package io.jenkins.plugins.finetune.cli;

import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration given in seconds, fractions allowed ({@code 30}, {@code 0.5}); must be greater than zero. */
final class Seconds implements ITypeConverter<Duration> {

    /** A day: far longer than any sensible wait, short enough that nothing overflows. */
    private static final BigDecimal MAX = BigDecimal.valueOf(86_400);

    @Override
    public Duration convert(String value) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number of seconds");
        }
        if (seconds.signum() <= 0 || seconds.compareTo(MAX) > 0) {
            throw new TypeConversionException("'" + value + "' must be greater than 0 and at most " + MAX + " seconds");
        }
        long millis =
                seconds.movePointRight(3).setScale(0, java.math.RoundingMode.UP).longValueExact();
        return Duration.ofMillis(millis);
    }
}
