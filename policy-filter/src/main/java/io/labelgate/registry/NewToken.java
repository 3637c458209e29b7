package io.labelgate.registry;

import java.time.Instant;

/**
 * A request to create a token, as a caller sends it (docs/contract.md, "Default URL layout"):
 * {@code {"name": "ci-reader", "selector": "group=A", "role": "read", "region": "GRA", "expiresAt": null}}.
 * Nothing is validated here; {@link TokenService#create} validates and names the field at fault.
 *
 * @param name      1-100 printable characters
 * @param selector  Kubernetes label selector; empty or absent only with {@code allApps}
 * @param allApps   the explicit all-apps scope
 * @param role      {@code read} or {@code operator}
 * @param region    region, e.g. {@code GRA}
 * @param expiresAt optional expiry, in the future
 */
public record NewToken(String name, String selector, Boolean allApps, String role, String region, Instant expiresAt) {}
