/**
 * Policy bundles: reading the {@code .tar.gz} that {@code opa build -t wasm} writes, verifying its
 * signature, fetching it from the WAR, a file or a bundle server, and loading each new revision
 * into the embedded engine.
 *
 * <p><b>Internal</b> (docs/versioning.md): no type of this package is API; it may change or
 * disappear in any release. What is API is the {@code labelgate.policy.*} configuration and the
 * bundle format policies/README.md describes.
 */
package io.labelgate.bundle;
