package io.labelgate.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ChallengeTest {

    static Stream<Arguments> challenges() {
        return Stream.of(
                arguments(AuthError.missingToken(), "Bearer realm=\"ai-app\""),
                arguments(
                        AuthError.invalidToken("token expired"),
                        "Bearer realm=\"ai-app\", error=\"invalid_token\", error_description=\"token expired\""),
                arguments(
                        AuthError.insufficientScope(List.of(
                                "role \"read\" does not permit action \"manage\"",
                                "token region \"GRA\" does not match app region \"BHS\"")),
                        "Bearer realm=\"ai-app\", error=\"insufficient_scope\", error_description=\"role 'read' does "
                                + "not permit action 'manage'; token region 'GRA' does not match app region 'BHS'\""),
                arguments(
                        AuthError.insufficientScope(List.of()),
                        "Bearer realm=\"ai-app\", error=\"insufficient_scope\", "
                                + "error_description=\"the policy denied the request\""),
                arguments(
                        AuthError.roleRequired("role operator is required"),
                        "Bearer realm=\"ai-app\", error=\"insufficient_scope\", "
                                + "error_description=\"role operator is required\""),
                arguments(
                        AuthError.invalidRequest("more than one Authorization header"),
                        "Bearer realm=\"ai-app\", error=\"invalid_request\", "
                                + "error_description=\"more than one Authorization header\""),
                arguments(AuthError.decisionUnavailable(), "Bearer realm=\"ai-app\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("challenges")
    void writesTheChallengeOfEachRefusal(AuthError error, String header) {
        assertEquals(header, Challenge.wwwAuthenticate("ai-app", error));
    }

    static Stream<Arguments> unsafeTexts() {
        return Stream.of(
                arguments("say \"hi\"", "say 'hi'"),
                arguments("back\\slash", "back?slash"),
                arguments("a\r\nSet-Cookie: session=x", "a??Set-Cookie: session=x"),
                arguments("tab\there", "tab?here"),
                arguments("caf\u00e9", "caf?"),
                arguments("emoji \uD83D\uDE00", "emoji ??"),
                arguments("nul\u0000del\u007f", "nul?del?"),
                arguments(" !#[]~", " !#[]~"));
    }

    @ParameterizedTest(name = "[{0}] becomes [{1}]")
    @MethodSource("unsafeTexts")
    void sanitisesTheDescriptionToTheQuotedValueGrammar(String description, String written) {
        assertEquals(
                "Bearer realm=\"ai-app\", error=\"invalid_token\", error_description=\"" + written + "\"",
                Challenge.wwwAuthenticate("ai-app", AuthError.invalidToken(description)));
    }

    @ParameterizedTest(name = "[{0}] becomes [{1}]")
    @MethodSource("unsafeTexts")
    void sanitisesTheRealmToTheQuotedValueGrammar(String realm, String written) {
        assertEquals("Bearer realm=\"" + written + "\"", Challenge.wwwAuthenticate(realm, AuthError.missingToken()));
    }

    @Test
    void boundsALongDescriptionTo200CharactersAndMarksTheCut() {
        String description = "a".repeat(199) + "bc" + "d".repeat(100);
        assertEquals(
                "Bearer realm=\"ai-app\", error=\"invalid_token\", error_description=\"" + "a".repeat(199) + "b...\"",
                Challenge.wwwAuthenticate("ai-app", AuthError.invalidToken(description)));
    }

    @Test
    void keepsADescriptionOfExactly200CharactersWhole() {
        String description = "x".repeat(200);
        assertEquals(
                "Bearer realm=\"ai-app\", error=\"invalid_token\", error_description=\"" + description + "\"",
                Challenge.wwwAuthenticate("ai-app", AuthError.invalidToken(description)));
    }

    @Test
    void boundsALongRealm() {
        assertEquals(
                "Bearer realm=\"" + "r".repeat(200) + "...\"",
                Challenge.wwwAuthenticate("r".repeat(201), AuthError.missingToken()));
    }
}
