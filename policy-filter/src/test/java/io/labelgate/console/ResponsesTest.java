package io.labelgate.console;

import io.labelgate.json.Json;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResponsesTest {

    /** What a servlet wrote: the calls {@link Responses} makes, recorded by a proxy. */
    private static final class Written {
        final Map<String, Object> calls = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    ResponsesTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "setHeader" -> calls.put("header " + args[0], args[1]);
                            default -> calls.put(method.getName(), args == null ? null : args[0]);
                        }
                        return null;
                    });
        }
    }

    @Test
    void jsonWritesTheDocumentWithItsStatusLengthAndNoStore() throws Exception {
        Written written = new Written();

        Responses.json(written.response(), 201, Map.of("kid", "k-1", "names", List.of("a<b")));

        String body = written.body.toString(StandardCharsets.UTF_8);
        assertEquals(201, written.calls.get("setStatus"));
        assertEquals("application/json", written.calls.get("setContentType"));
        assertEquals("no-store", written.calls.get("header Cache-Control"));
        assertEquals(body.getBytes(StandardCharsets.UTF_8).length, written.calls.get("setContentLength"));
        assertEquals(
                Map.of("kid", "k-1", "names", List.of("a<b")), Json.mapper().readValue(body, Map.class));
    }

    @Test
    void redirectIsA303ToTheLocationThatNoCacheKeeps() {
        Written written = new Written();

        Responses.redirect(written.response(), "/ai-app/labelgate/tokens");

        assertEquals(
                Map.of(
                        "setStatus",
                        303,
                        "header Location",
                        "/ai-app/labelgate/tokens",
                        "header Cache-Control",
                        "no-store"),
                written.calls);
        assertEquals(0, written.body.size());
    }
}
