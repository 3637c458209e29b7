/**
 * labelgate's metrics: decisions by result and engine, the decision cache, verification and
 * decision latency, the remote engine's breaker, the registry state's age against the revocation
 * bound, the policy, and tokens by time to expiry ({@link io.labelgate.metrics.LabelgateMetrics}),
 * kept in a Prometheus registry of each app's own and written in the Prometheus or OpenMetrics
 * text format. Above {@code http}, whose pipeline it observes through
 * {@link io.labelgate.http.PipelineObserver}; labels are closed sets only, never a token id or a path.
 */
package io.labelgate.metrics;
