/**
 * The registry: tokens, apps, signing keys and browser sessions in a relational database
 * (the container's DataSource or PostgreSQL), their change feed, the audit trail, and the token
 * lifecycle.
 *
 * <p><b>Public API</b> (docs/versioning.md): {@link io.labelgate.registry.TokenService}, which an
 * application obtains by injection ({@code @Inject TokenService tokens;}; its constructors are not
 * API), and the types of its methods: {@link io.labelgate.registry.NewToken},
 * {@link io.labelgate.registry.IssuedToken}, {@link io.labelgate.registry.TokenRecord},
 * {@link io.labelgate.registry.TokenValidationException},
 * {@link io.labelgate.registry.RegistryUnavailableException} and {@link io.labelgate.registry.Actor}
 * (who a change is audited as); {@link io.labelgate.registry.AppStatus},
 * the statuses of {@code AppStatusChanged}; and {@link io.labelgate.registry.TokensExpiringSoon},
 * the CDI event of tokens entering the expiry warning window. Every other type of this package is
 * <b>internal</b>: public only so that labelgate's own packages can use it, it may change or
 * disappear in any release. The tables are internal too: labelgate migrates them itself (Flyway),
 * and nothing else should write to them.
 */
package io.labelgate.registry;
