package io.labelgate.cdi;

import io.labelgate.console.Readiness;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.util.Objects;
import java.util.Optional;

/**
 * labelgate's {@code @Readiness} check, named {@code labelgate-<app>}: UP while the decision engine
 * and the registry answer, with each part's state as data. DOWN, saying why, before labelgate has
 * started in the application. Loaded only where MicroProfile Health is present ({@link HealthChecks}).
 */
final class ReadinessCheck implements HealthCheck {

    private final HealthChecks started;

    private ReadinessCheck(HealthChecks started) {
        this.started = Objects.requireNonNull(started, "started");
    }

    static void register(AfterBeanDiscovery event, HealthChecks started) {
        event.addBean()
                .beanClass(ReadinessCheck.class)
                .types(HealthCheck.class, Object.class)
                .qualifiers(org.eclipse.microprofile.health.Readiness.Literal.INSTANCE, Any.Literal.INSTANCE)
                .scope(Dependent.class)
                .createWith(creation -> new ReadinessCheck(started));
    }

    @Override
    public HealthCheckResponse call() {
        Optional<Readiness> readiness = started.readiness();
        if (readiness.isEmpty()) {
            return HealthCheckResponse.named("labelgate")
                    .down()
                    .withData("reason", "labelgate has not started")
                    .build();
        }
        Readiness.Reading reading = readiness.get().read();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(
                        "labelgate-" + readiness.get().app())
                .status(reading.up())
                .withData("engine", readiness.get().engine());
        readiness.get().policy().get().forEach(response::withData);
        reading.parts().forEach(response::withData);
        return response.build();
    }
}
