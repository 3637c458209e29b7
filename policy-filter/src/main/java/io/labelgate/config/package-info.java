/**
 * labelgate's configuration: read once at start-up from MicroProfile Config or from the web
 * application's context parameters, validated, and immutable afterwards.
 *
 * <p><b>Internal</b> (docs/versioning.md): no type of this package is API; it may change or
 * disappear in any release. What is API are the configuration keys themselves, {@code labelgate.*}
 * (README, "Configuration"): their names, meaning and defaults follow the versioning rule.
 */
package io.labelgate.config;
