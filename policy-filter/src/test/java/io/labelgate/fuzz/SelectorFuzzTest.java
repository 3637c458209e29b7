package io.labelgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.labelgate.selector.Selector;
import io.labelgate.selector.SelectorSyntaxException;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes the label selector parser, whose text comes from token claims and the admin API.
 *
 * <p>The input is the selector text, decoded as UTF-8. Seeds are in
 * {@code src/test/resources/io/labelgate/fuzz/SelectorFuzzTestInputs/<method>/}; see
 * docs/fuzzing.md for how the fuzzing pass runs.
 */
class SelectorFuzzTest {

    /** A refusal quotes a short excerpt of the text, never the whole of a long one. */
    private static final int LONGEST_MESSAGE = 1024;

    @FuzzTest
    void readsBackFromItsCanonicalFormOrRefusesCleanly(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Selector selector;
        try {
            selector = Selector.parse(text);
        } catch (SelectorSyntaxException refused) {
            int position = refused.position();
            assertTrue(
                    position >= 0 && position <= text.length(),
                    () -> "position " + position + " lies outside a text of " + text.length() + " characters");
            assertPrintableAscii(refused.getMessage());
            assertTrue(
                    refused.getMessage().length() <= LONGEST_MESSAGE,
                    () -> "a refusal message of " + refused.getMessage().length() + " characters");
            return;
        }
        String canonical = selector.toString();
        Selector reread = Selector.parse(canonical);
        assertEquals(selector, reread);
        assertEquals(canonical, reread.toString());
        if (selector.isEmpty()) {
            // "everything" only from a text that says nothing, never from one the parser skipped over
            assertTrue(text.isBlank(), "a non-blank text parsed as the empty selector");
        }
    }

    /**
     * Selector text may come from an attacker, and refusals reach logs and response headers: every
     * character outside printable ASCII must have been escaped.
     */
    private static void assertPrintableAscii(String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                fail("unescaped character U+" + String.format("%04X", (int) c) + " at index " + i
                        + " of the refusal message");
            }
        }
    }
}
