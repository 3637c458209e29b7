/**
 * The shared JSON mapper. It depends on no other labelgate package, so every package may use it
 * without a dependency on another's internals.
 *
 * <p><b>Internal</b> (docs/versioning.md): no type of this package is API.
 */
package io.labelgate.json;
