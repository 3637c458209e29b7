/**
 * This app's identity and lifecycle status (running, stopped, deleted), kept in the registry.
 *
 * <p><b>Public API</b> (docs/versioning.md): {@link io.labelgate.app.AppStatusChanged}, the CDI
 * event an application observes to hear of every status change (its statuses are
 * {@link io.labelgate.registry.AppStatus}). Every other type of this package
 * is <b>internal</b>: public only so that labelgate's own packages can use it, it may change or
 * disappear in any release.
 */
package io.labelgate.app;
