package io.labelgate.sample;

import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;

import java.util.Arrays;

/**
 * The security interceptor of the AI App's CDI beans: a method runs only for a caller in one of the
 * roles its {@code @RolesAllowed} (or its class's) names, unless it is {@code @PermitAll}, as Jakarta Security's
 * {@link SecurityContext} knows the caller. With labelgate as the application's Jakarta Security
 * mechanism that caller is the token; without it, nobody, and every call is refused.
 */
@Secured
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class SecuredInterceptor {

    @Inject
    private SecurityContext security;

    @AroundInvoke
    public Object check(InvocationContext call) throws Exception {
        if (call.getMethod().isAnnotationPresent(PermitAll.class)) {
            return call.proceed();
        }
        RolesAllowed allowed = call.getMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = call.getMethod().getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed != null && Arrays.stream(allowed.value()).noneMatch(security::isCallerInRole)) {
            throw new NotInRole("the caller is not in any of the roles " + Arrays.toString(allowed.value()));
        }
        return call.proceed();
    }
}
