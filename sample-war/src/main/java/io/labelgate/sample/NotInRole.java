package io.labelgate.sample;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A caller the {@link SecuredInterceptor} refused: {@code 403}, with the roles the method wanted. */
public class NotInRole extends RuntimeException {

    public NotInRole(String message) {
        super(message, null, false, false);
    }

    /** The AI App's answer to a refusal by one of its CDI beans. */
    @Provider
    public static class Answer implements ExceptionMapper<NotInRole> {

        @Override
        public Response toResponse(NotInRole refused) {
            return Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.TEXT_PLAIN_TYPE)
                    .entity(refused.getMessage())
                    .build();
        }
    }
}
