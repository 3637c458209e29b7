package io.labelgate.token;

import io.labelgate.selector.Selector;
import io.labelgate.selector.SelectorSyntaxException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SharedSelectorsTest {

    @Test
    void handsOutOneInstancePerTextEqualToWhatParseGives() {
        Selector first = SharedSelectors.parse("tier in (gpu,cpu),group=A");
        Selector again = SharedSelectors.parse("tier in (gpu,cpu),group=A");

        assertSame(first, again);
        assertEquals(Selector.parse("tier in (gpu,cpu),group=A"), first);
        assertEquals(Selector.parse("group=A,tier in (cpu,gpu)"), first);
    }

    @Test
    void refusesWhatParseRefusesAndRemembersNothingOfIt() {
        assertThrows(SelectorSyntaxException.class, () -> SharedSelectors.parse("group in (A"));
        assertThrows(SelectorSyntaxException.class, () -> SharedSelectors.parse("group in (A"));
        assertThrows(NullPointerException.class, () -> SharedSelectors.parse(null));
    }
}
