package io.labelgate.http;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a {@link Refusal} through the servlet or the JAX-RS API, byte for byte the same. */
final class RefusalWriter {

    private RefusalWriter() {
    }

    static void write(Refusal refusal, HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(refusal.status());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, refusal.wwwAuthenticate());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setContentType(Refusal.CONTENT_TYPE);
        byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
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
