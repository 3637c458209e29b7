package io.labelgate.sample;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a CDI bean whose {@code @RolesAllowed} the {@link SecuredInterceptor} enforces, as
 * applications do for CDI beans (Jakarta EE enforces {@code @RolesAllowed} on enterprise beans only).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Secured {}
