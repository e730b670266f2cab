package routes.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way ToolHive's config does (Go's {@code time.ParseDuration}): "30s", "1m",
 * "500ms", "1.5h", "1h30m", and what the operator writes ({@code time.Duration.String()}: "1m0s",
 * "1h30m0s", "1.5s", "0s", "1µs"). Users copy these values from ToolHive configs, so Java's ISO-8601
 * "PT30S" is deliberately not accepted. A negative duration is refused: no setting here has a use
 * for one.
 */
public final class Durations {

    // Go's grammar: a number is digits with an optional fraction, or a fraction alone (".5s", "1.s");
    // µ is written either as the micro sign (U+00B5, what Go prints) or the Greek mu (U+03BC)
    private static final String NUMBER = "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";
    private static final String UNIT = "(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h)";
    private static final Pattern WHOLE = Pattern.compile("\\+?(?:" + NUMBER + UNIT + ")+|\\+?0");
    private static final Pattern PART = Pattern.compile("(" + NUMBER + ")(" + UNIT + ")");

    /** How the accepted syntax is described in error messages. */
    public static final String SYNTAX = "a duration such as \"500ms\", \"30s\", \"1m0s\" or \"1h30m\" (units ns, us, ms, s, m, h)";

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException if the text is not a duration in the syntax above
     */
    public static Duration parse(String text) {
        if (text != null && text.startsWith("-") && WHOLE.matcher(text.substring(1)).matches()) {
            throw new IllegalArgumentException("'" + text + "' is negative; use a duration of 0s or more");
        }
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + SYNTAX);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            String number = m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1);
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanosPerUnit(m.group(2)))));
        }
        try {
            // Go truncates fractions of a nanosecond ("1.5ns" is 1ns); so do we
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of nanoseconds or is too long");
        }
    }

    /** Formats a duration back into the same syntax, for messages and logs ("1m30s", "500ms"). */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() + "ns";
        }
        if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long seconds = d.getSeconds();
        if (seconds >= 3600) {
            sb.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            sb.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0) {
            sb.append(seconds).append('s');
        }
        return sb.toString();
    }

    private static long nanosPerUnit(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException("unit matched by the pattern: " + unit);
        };
    }
}
