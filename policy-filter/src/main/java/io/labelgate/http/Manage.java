package io.labelgate.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JAX-RS resource method or class as a management operation: labelgate asks the policy
 * for action {@code manage} (operators only, by the default policy) instead of {@code read}.
 * Servlet paths are marked with {@code labelgate.manage.paths}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Manage {}
