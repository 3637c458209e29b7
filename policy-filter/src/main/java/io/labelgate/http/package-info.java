/**
 * The transport-neutral protection pipeline (resolve the bearer token, verify it, decide) and its
 * adapters: the servlet {@code Filter}, the JAX-RS {@code ContainerRequestFilter}, the portable
 * {@code @RolesAllowed} check, and the one place that writes refusals (401, 403, 503) and their
 * {@code WWW-Authenticate} challenges.
 *
 * <p><b>Public API</b> (docs/versioning.md): {@link io.labelgate.http.Manage}, the annotation that
 * marks a JAX-RS method or class as action {@code manage}. Every other type of this package is
 * <b>internal</b>: public only so that labelgate's own packages can use it, it may change or
 * disappear in any release. The HTTP behaviour they implement is API, as docs/contract.md states
 * it; so is what the container's security API reports (the token id as the principal's name, the
 * roles {@code read} and {@code operator}), not the classes that report it.
 */
package io.labelgate.http;
