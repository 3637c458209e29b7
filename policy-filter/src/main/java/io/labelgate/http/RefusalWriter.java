package io.labelgate.http;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a {@link Refusal} or a {@link Problem} through the servlet or the JAX-RS API, byte for byte the same. */
public final class RefusalWriter {

    private RefusalWriter() {}

    /** Writes a refusal: status, challenge, {@code no-store}, problem document. */
    public static void write(Refusal refusal, HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, refusal.wwwAuthenticate());
        writeBody(refusal.status(), refusal.body(), response);
    }

    /** Writes a problem without a challenge (errors that are not about credentials). */
    public static void write(Problem problem, HttpServletResponse response) throws IOException {
        response.resetBuffer();
        writeBody(problem.status(), problem.toJson(), response);
    }

    private static void writeBody(int status, String json, HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setContentType(Problem.CONTENT_TYPE);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    static Response toResponse(Refusal refusal) {
        return Response.status(refusal.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, refusal.wwwAuthenticate())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .type(Refusal.CONTENT_TYPE)
                .entity(refusal.body().getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
