package io.labelgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.labelgate.http.AuthError;
import io.labelgate.http.AuthException;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.TestRequest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the {@code Authorization} header parser with hostile headers and query strings.
 *
 * <p>The input, decoded as UTF-8, is read as lines: the first line is the query string (none when
 * it is empty), every further line one {@code Authorization} header value (none when there is no
 * further line). A header value therefore never holds a line feed, as none can in HTTP (RFC 9110
 * §5.5); every other character can appear.
 */
class AuthorizationHeaderFuzzTest {

    /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /** The only descriptions a refusal may carry: fixed sentences, never a piece of the request. */
    private static final Set<String> REFUSALS = Set.of(
            "tokens in the URL query are refused; send Authorization: Bearer",
            "more than one Authorization header",
            "the Bearer scheme needs a token",
            "the Bearer credential must be a single token (RFC 6750 section 2.1)");

    private final AuthorizationHeaderResolver resolver = new AuthorizationHeaderResolver();

    @FuzzTest
    void resolvesOneCredentialOrRefusesWithAFixedDescription(byte[] input) {
        List<String> lines = Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\n", -1));
        String query = lines.get(0).isEmpty() ? null : lines.get(0);
        List<String> authorization = lines.subList(1, lines.size());
        TestRequest request = new TestRequest("GET", "/", Map.of("Authorization", authorization), query);

        Optional<String> token;
        try {
            token = resolver.resolve(request);
        } catch (AuthException refused) {
            assertEquals(AuthError.INVALID_REQUEST, refused.error().code());
            assertEquals(400, refused.error().status());
            assertTrue(REFUSALS.contains(refused.getMessage()), "unexpected refusal description");
            return;
        }
        assertFalse(
                query != null
                        && Arrays.stream(query.split("&", -1))
                                .anyMatch(pair -> pair.equals("access_token") || pair.startsWith("access_token=")),
                "a token in the query was not refused");
        if (token.isEmpty()) {
            return;
        }
        String credential = token.get();
        assertEquals(1, authorization.size(), "a token was taken from one of several Authorization headers");
        // the pipeline's check, made once the credential fails verification
        boolean b64Token = B64TOKEN.matcher(credential).matches();
        assertEquals(
                b64Token,
                AuthorizationHeaderResolver.isB64Token(credential),
                "the b64token check disagrees with RFC 6750's grammar");
        try {
            AuthorizationHeaderResolver.requireB64Token(credential);
            assertTrue(b64Token, "a credential that is not one b64token passed");
        } catch (AuthException refused) {
            assertFalse(b64Token, "a b64token was refused");
            assertEquals(400, refused.error().status());
            assertTrue(REFUSALS.contains(refused.getMessage()), "unexpected refusal description");
        }
        String value = authorization.get(0).strip();
        assertTrue(
                value.regionMatches(true, 0, "bearer ", 0, "bearer ".length()),
                "a token was taken from a header whose scheme is not Bearer");
        assertEquals(value.substring("bearer ".length()).strip(), credential);
    }
}
