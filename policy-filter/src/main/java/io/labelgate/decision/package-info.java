/**
 * Decision engines: the input document built for every request, the embedded engine (the Rego
 * policy compiled to WebAssembly) and the remote one (an OPA server), the decision cache and the
 * decision log.
 *
 * <p><b>Internal</b> (docs/versioning.md): no type of this package is API; it may change or
 * disappear in any release. What is API is the decision input document and the answer a policy
 * gives, as docs/contract.md ("Decisions: the input document") states them: a policy written against them keeps
 * working within a major version.
 */
package io.labelgate.decision;
