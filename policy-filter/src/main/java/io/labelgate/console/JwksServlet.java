package io.labelgate.console;

import io.labelgate.http.Problem;
import io.labelgate.http.RefusalWriter;
import io.labelgate.registry.RegistryUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Serves the public signing keys as a JWKS document (RFC 7517 §5) at {@value #PATH}, so other
 * apps verify labelgate tokens with only this URL ({@code labelgate.jwt.jwks-url}).
 */
public final class JwksServlet extends HttpServlet {

    /** Where the document is served, relative to the context root. */
    public static final String PATH = "/.well-known/jwks.json";

    private static final long serialVersionUID = 1L;

    private final transient Supplier<String> jwks;

    /** @param jwks the current JWKS document (read per request: rotations show at once) */
    public JwksServlet(Supplier<String> jwks) {
        this.jwks = Objects.requireNonNull(jwks, "jwks");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String document;
        try {
            document = jwks.get();
        } catch (RegistryUnavailableException e) {
            RefusalWriter.write(Problem.of(503, "the signing keys cannot be read; try again later"), response);
            return;
        }
        byte[] body = document.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/jwk-set+json");
        // short enough that a rotation reaches verifiers soon, long enough to spare the registry
        response.setHeader("Cache-Control", "public, max-age=60");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
