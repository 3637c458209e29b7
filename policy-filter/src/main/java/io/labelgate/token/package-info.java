/**
 * labelgate's tokens: their claims, verification (jose4j, with a cache of verified tokens) and
 * issuing, and the keys that verify them.
 *
 * <p><b>Public API</b> (docs/versioning.md): {@link io.labelgate.token.Role}, a token's role as
 * {@link io.labelgate.registry.TokenRecord} reports it. Every other type of this package is
 * <b>internal</b>: public only so that labelgate's own packages can use it, it may change or
 * disappear in any release. The token format itself (the claims, README "Tokens") is API.
 */
package io.labelgate.token;
