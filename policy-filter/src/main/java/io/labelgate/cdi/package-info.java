/**
 * labelgate's CDI wiring: the producers that make its services injectable, the extensions that
 * register its MicroProfile Health readiness check and metrics where the container has them, and
 * the one that makes labelgate the application's Jakarta Security mechanism
 * ({@code labelgate.jakarta-security.enabled}), so the container knows the caller.
 *
 * <p><b>Internal</b> (docs/versioning.md): no type of this package is API; it may change or
 * disappear in any release. What an application injects is API where its own package says so
 * ({@link io.labelgate.registry.TokenService}).
 */
package io.labelgate.cdi;
