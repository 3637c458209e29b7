/**
 * The servlets labelgate serves beside the application: the admin API (tokens, signing keys), the
 * app's lifecycle API, the login, Tokens and Apps pages, the health endpoint and the JWKS.
 *
 * <p><b>Internal</b> (docs/versioning.md): no type of this package is API; it may change or
 * disappear in any release. What is API is their HTTP behaviour, as docs/contract.md states it.
 */
package io.labelgate.console;
