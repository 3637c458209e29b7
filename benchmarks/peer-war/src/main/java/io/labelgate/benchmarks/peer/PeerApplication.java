package io.labelgate.benchmarks.peer;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * Turns on the container's MicroProfile JWT for this module: every request's bearer token is
 * verified (signature, issuer, expiry) and its {@code groups} claim becomes the caller's roles. The
 * key and issuer come from MicroProfile Config ({@code mp.jwt.verify.publickey.location},
 * {@code mp.jwt.verify.issuer}), which the benchmark sets as system properties.
 */
@ApplicationPath("api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"read", "operator"})
public class PeerApplication extends Application {}
