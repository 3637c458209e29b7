package io.labelgate.console;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedirectTargetTest {

    @ParameterizedTest
    // percent-encoded bytes stay encoded in a Location header: "/%0d%0a" is a harmless same-origin path
    @ValueSource(strings = {"/ai-app/", "/ai-app/api/hello?x=1", "/ai-app/labelgate/tokens", "/", "/%0d%0a"})
    void honoursSameOriginAbsolutePaths(String next) {
        assertEquals(Optional.of(next), ConsoleServlet.safeNext(next));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "https://elsewhere.example",
                "//elsewhere.example",
                "/\\elsewhere.example",
                "\\\\elsewhere.example",
                "javascript:alert(1)",
                "ai-app/",
                "/ai-app/\r\nSet-Cookie: x=y",
                "/a b",
                "http:/elsewhere.example"
            })
    void refusesEverythingThatCouldLeaveTheOrigin(String next) {
        assertEquals(Optional.empty(), ConsoleServlet.safeNext(next));
    }
}
