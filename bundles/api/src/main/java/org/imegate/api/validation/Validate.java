package org.imegate.api.validation;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one validation library shared by shell commands, JMX operations and ConfigAdmin
 * configurations, so that a value refused in one place is refused with the same words in every
 * other (catalogue UND-19). Each check returns the accepted value or throws a
 * {@link ValidationException} whose message names the parameter, the value and the rule.
 */
public final class Validate {

    private Validate() {
    }

    /** A refusal for {@code parameter}: {@code ERROR: <parameter> <value> <rule>}. */
    public static ValidationException fail(String parameter, Object value, String rule) {
        return new ValidationException(parameter, "ERROR: " + parameter + " " + show(value) + " " + rule);
    }

    /** A value that must be present and not blank. */
    public static String required(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(parameter, "ERROR: " + parameter + " is required");
        }
        return value;
    }

    /** An integer within {@code [min, max]}: {@code ERROR: modulus 512 out of range 1024-4096}. */
    public static long range(String parameter, long value, long min, long max) {
        if (value < min || value > max) {
            throw fail(parameter, value, "out of range " + min + "-" + max);
        }
        return value;
    }

    /** An int within {@code [min, max]}. */
    public static int range(String parameter, int value, int min, int max) {
        return (int) range(parameter, (long) value, min, max);
    }

    /** Parses a decimal integer given as text and checks its range. */
    public static int parseInt(String parameter, String text, int min, int max) {
        required(parameter, text);
        final long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw fail(parameter, text, "is not a number (allowed " + min + "-" + max + ")");
        }
        return (int) range(parameter, value, min, max);
    }

    /** An int that must be one of a fixed set, e.g. the RSA moduli. */
    public static int oneOf(String parameter, int value, int... allowed) {
        for (int a : allowed) {
            if (a == value) {
                return value;
            }
        }
        throw fail(parameter, value, "must be one of " + Arrays.stream(allowed)
                .mapToObj(Integer::toString).collect(Collectors.joining(", ")));
    }

    /** A keyword that must name a constant of {@code type}, case-insensitive, '-' standing for '_'. */
    public static <E extends Enum<E>> E oneOf(String parameter, String value, Class<E> type) {
        required(parameter, value);
        String key = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        throw fail(parameter, value, "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", ")));
    }

    /**
     * A name of at most {@code maxLength} characters matching {@code allowed}, whose rule is
     * described to the operator as {@code allowedDescription}.
     */
    public static String name(String parameter, String value, int maxLength, Pattern allowed,
            String allowedDescription) {
        required(parameter, value);
        if (value.length() > maxLength) {
            throw fail(parameter, value, "is " + value.length() + " characters long, at most " + maxLength
                    + " allowed");
        }
        if (!allowed.matcher(value).matches()) {
            throw fail(parameter, value, "may contain only " + allowedDescription);
        }
        return value;
    }

    /** A refusal because the object is in use and must be released first. */
    public static ValidationException inUse(String parameter, Object value, String usedBy) {
        return new ValidationException(parameter,
                "ERROR: " + parameter + " " + show(value) + " is in use by " + usedBy + "; remove that first");
    }

    /** A refusal because the named object does not exist. */
    public static ValidationException unknown(String parameter, Object value) {
        return new ValidationException(parameter, "ERROR: " + parameter + " " + show(value) + " does not exist");
    }

    /** A refusal because the named object already exists. */
    public static ValidationException duplicate(String parameter, Object value) {
        return new ValidationException(parameter, "ERROR: " + parameter + " " + show(value) + " already exists");
    }

    /** A refusal of a change while the object is applied to inspection (UND-19). */
    public static ValidationException locked(String kind, String name) {
        return new ValidationException(kind, "ERROR: " + kind + " " + name
                + " is applied to SIP inspection; remove the service policy first");
    }

    private static String show(Object value) {
        String s = String.valueOf(value);
        if (s.length() > 80) {
            s = s.substring(0, 77) + "...";
        }
        return s.isEmpty() || s.chars().anyMatch(Character::isWhitespace) ? "'" + s + "'" : s;
    }
}
