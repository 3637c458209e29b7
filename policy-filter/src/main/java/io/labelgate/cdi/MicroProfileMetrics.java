package io.labelgate.cdi;

import io.labelgate.metrics.LabelgateMetrics;
import jakarta.enterprise.inject.spi.AnnotatedField;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * labelgate's counters as gauges of the application's MicroProfile {@link MetricRegistry}, each
 * tagged {@code app} so two applications in one server do not clash. Loaded only where
 * MicroProfile Metrics is present ({@link ContainerMetrics}).
 */
final class MicroProfileMetrics {

    private MicroProfileMetrics() {}

    /**
     * Where the application's registry would be injected: the container's producer reads the
     * registry's scope from the injection point (Payara's fails without one), and an unqualified
     * {@code @Inject MetricRegistry} is the application's.
     */
    static final class InjectionTarget {
        @Inject
        MetricRegistry registry;
    }

    /** Registers them; the answer removes them again. */
    static Runnable register(BeanManager beans, LabelgateMetrics metrics, String app) {
        AnnotatedField<? super InjectionTarget> field = beans.createAnnotatedType(InjectionTarget.class)
                .getFields()
                .iterator()
                .next();
        InjectionPoint point = beans.createInjectionPoint(field);
        MetricRegistry registry =
                (MetricRegistry) beans.getInjectableReference(point, beans.createCreationalContext(null));
        List<MetricID> registered = new ArrayList<>();
        Tag appTag = new Tag("app", app);
        for (String result : LabelgateMetrics.results()) {
            registered.add(gauge(
                    registry,
                    "labelgate_decisions_total",
                    "Requests labelgate protected, by result (allowed, or the refusal's HTTP status) and engine",
                    metrics,
                    counted -> counted.decisions(result),
                    appTag,
                    new Tag("engine", metrics.engine()),
                    new Tag("result", result)));
        }
        registered.add(gauge(
                registry,
                "labelgate_decision_cache_hits_total",
                "Decisions the decision cache knew",
                metrics,
                LabelgateMetrics::cacheHits,
                appTag));
        registered.add(gauge(
                registry,
                "labelgate_decision_cache_misses_total",
                "Decisions the decision cache did not know, so the engine was asked",
                metrics,
                LabelgateMetrics::cacheMisses,
                appTag));
        return () -> registered.forEach(registry::remove);
    }

    private static MetricID gauge(
            MetricRegistry registry,
            String name,
            String description,
            LabelgateMetrics metrics,
            ToDoubleFunction<LabelgateMetrics> value,
            Tag... tags) {
        registry.gauge(
                Metadata.builder().withName(name).withDescription(description).build(),
                metrics,
                counted -> value.applyAsDouble(counted),
                tags);
        return new MetricID(name, tags);
    }
}
