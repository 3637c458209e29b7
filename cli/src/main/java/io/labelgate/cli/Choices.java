package io.labelgate.cli;

import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a lower-case word into an enum constant ({@code read} → {@code READ}), so that usage errors
 * name the words a user types ({@code expected read or operator}) rather than Java constants.
 */
final class Choices {

    private Choices() {}

    /** The constant named {@code value}, ignoring case; a conversion error listing the words otherwise. */
    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new TypeConversionException("expected "
                + Arrays.stream(type.getEnumConstants())
                        .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(" or "))
                + ", not '" + value + "'");
    }
}
