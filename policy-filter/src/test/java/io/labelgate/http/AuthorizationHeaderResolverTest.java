package io.labelgate.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AuthorizationHeaderResolverTest {

    private static final String NEEDS_A_TOKEN = "the Bearer scheme needs a token";
    private static final String SINGLE_TOKEN = "the Bearer credential must be a single token (RFC 6750 section 2.1)";
    private static final String NO_QUERY_TOKENS = "tokens in the URL query are refused; send Authorization: Bearer";

    private final AuthorizationHeaderResolver resolver = new AuthorizationHeaderResolver();

    @Test
    void resolvesNothingWhenTheRequestHasNoAuthorizationHeader() throws AuthException {
        assertEquals(Optional.empty(), resolver.resolve(TestRequest.get("/hello")));
    }

    static Stream<Arguments> acceptedHeaders() {
        return Stream.of(
                arguments("Bearer abc", "abc"),
                arguments("bearer abc", "abc"),
                arguments("BEARER abc", "abc"),
                arguments("BeArEr abc", "abc"),
                arguments("Bearer abc==", "abc=="),
                arguments("Bearer abc=", "abc="),
                arguments("Bearer a-b.c_d~e+f/g", "a-b.c_d~e+f/g"),
                arguments(
                        "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
                        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"),
                arguments("  Bearer abc  ", "abc"),
                arguments("Bearer    abc", "abc"));
    }

    @ParameterizedTest(name = "[{0}] gives [{1}]")
    @MethodSource("acceptedHeaders")
    void resolvesTheTokenOfABearerHeaderWhateverTheSchemeCase(String header, String token) throws AuthException {
        assertEquals(Optional.of(token), resolver.resolve(TestRequest.get("/").withHeader("Authorization", header)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"Basic xyz", "Basic", "Digest username=\"a\"", "Bearerabc", "Token abc", ""})
    void treatsAnotherSchemeAsNoToken(String header) throws AuthException {
        assertEquals(Optional.empty(), resolver.resolve(TestRequest.get("/").withHeader("Authorization", header)));
    }

    static Stream<Arguments> refusedHeaders() {
        return Stream.of(
                arguments("Bearer", NEEDS_A_TOKEN),
                arguments("Bearer   ", NEEDS_A_TOKEN),
                arguments("bearer ", NEEDS_A_TOKEN));
    }

    @ParameterizedTest(name = "[{0}] is refused: {1}")
    @MethodSource("refusedHeaders")
    void refusesABearerHeaderWithoutACredential(String header, String description) {
        AuthException refused = assertThrows(
                AuthException.class, () -> resolver.resolve(TestRequest.get("/").withHeader("Authorization", header)));
        assertEquals(AuthError.invalidRequest(description), refused.error());
        assertEquals(400, refused.error().status());
        assertEquals(description, refused.getMessage());
    }

    /** Not one b64token: refused by the pipeline once verification fails (ProtectionPipelineTest). */
    static Stream<String> notOneB64Token() {
        return Stream.of("a b", "a,b", "a=b", "=abc", "===", "\"abc\"", "ab\tc", "abcé", "ａｂｃ", "abc%3D");
    }

    @ParameterizedTest(name = "[Bearer {0}]")
    @MethodSource("notOneB64Token")
    void leavesTheB64TokenCheckToThePipelineAndRefusesWithItsMessage(String credential) throws AuthException {
        assertEquals(
                Optional.of(credential),
                resolver.resolve(TestRequest.get("/").withHeader("Authorization", "Bearer " + credential)));
        AuthException refused =
                assertThrows(AuthException.class, () -> AuthorizationHeaderResolver.requireB64Token(credential));
        assertEquals(AuthError.invalidRequest(SINGLE_TOKEN), refused.error());
        assertEquals(400, refused.error().status());
    }

    @Test
    void refusesTwoAuthorizationHeaders() {
        TestRequest request = TestRequest.get("/")
                .withHeader("Authorization", "Bearer abc")
                .withHeader("authorization", "Bearer def");
        AuthException refused = assertThrows(AuthException.class, () -> resolver.resolve(request));
        assertEquals(AuthError.invalidRequest("more than one Authorization header"), refused.error());
    }

    static Stream<String> queriesCarryingAToken() {
        return Stream.of(
                "access_token=abc",
                "access_token=",
                "access_token",
                "a=1&access_token=abc",
                "access_token=abc&a=1",
                "access%5Ftoken=abc",
                "access%5ftoken=abc",
                "%61ccess_token=abc",
                "a=%ZZ&access_token=abc");
    }

    @ParameterizedTest(name = "?{0}")
    @MethodSource("queriesCarryingAToken")
    void refusesATokenInTheQueryEvenBesideAValidHeader(String query) {
        TestRequest request =
                TestRequest.get("/").withHeader("Authorization", "Bearer abc").withQuery(query);
        AuthException refused = assertThrows(AuthException.class, () -> resolver.resolve(request));
        assertEquals(AuthError.invalidRequest(NO_QUERY_TOKENS), refused.error());
    }

    @ParameterizedTest(name = "?{0}")
    @ValueSource(
            strings = {
                "",
                "a=1",
                "my_access_token=abc",
                "access_tokens=abc",
                "x=access_token",
                "%ZZ=1",
                "ACCESS_TOKEN=abc"
            })
    void acceptsAQueryWithoutATokenParameter(String query) throws AuthException {
        TestRequest request =
                TestRequest.get("/").withHeader("Authorization", "Bearer abc").withQuery(query);
        assertEquals(Optional.of("abc"), resolver.resolve(request));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"a", "abc==", "A-Z.a_z~0+9/", "x="})
    void b64TokenGrammarAcceptsCharactersThenTrailingEquals(String credential) {
        assertTrue(AuthorizationHeaderResolver.isB64Token(credential));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "=", "a=b", "a==b", "a b", "é", "a\u0000", "a:b", "a@b"})
    void b64TokenGrammarRefusesEverythingElse(String credential) {
        assertFalse(AuthorizationHeaderResolver.isB64Token(credential));
    }
}
