package io.labelgate.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelgate.json.Json;

import java.util.List;

/**
 * An RFC 9457 problem document: the body of every error labelgate writes (refusals of the
 * request path and admin API errors), identical on every container.
 *
 * @param type    {@code about:blank} (RFC 9457 §4.2.1): the status says what happened
 * @param title   the status's reason phrase
 * @param status  the HTTP status
 * @param detail  a caller-safe sentence
 * @param error   extension: the RFC 6750 error code, when there is one
 * @param field   extension: the request field at fault, for validation errors
 * @param reasons extension: the policy's reasons, for a 403
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type, String title, int status, String detail, String error, String field, List<String> reasons) {

    /** The media type (RFC 9457 §3). */
    public static final String CONTENT_TYPE = "application/problem+json";

    /** A problem with a status and a detail. */
    public static Problem of(int status, String detail) {
        return new Problem("about:blank", title(status), status, detail, null, null, List.of());
    }

    /** This problem naming the field at fault. */
    public Problem withField(String name) {
        return new Problem(type, title, status, detail, error, name, reasons);
    }

    /** The JSON text. */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
