/**
 * labelgate's CDI wiring: the producers that make its services injectable and the extension that
 * registers its MicroProfile Health readiness check where the container has MicroProfile Health.
 *
 * <p><b>Internal</b> (docs/versioning.md): no type of this package is API; it may change or
 * disappear in any release. What an application injects is API where its own package says so
 * ({@link io.labelgate.registry.TokenService}).
 */
package io.labelgate.cdi;
