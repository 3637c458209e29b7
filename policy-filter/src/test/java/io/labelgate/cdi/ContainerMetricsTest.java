package io.labelgate.cdi;

import io.labelgate.decision.EngineKind;
import io.labelgate.metrics.LabelgateMetrics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

class ContainerMetricsTest {

    /** Outside a container (no java:comp/BeanManager) labelgate starts all the same, with its own endpoint only. */
    @Test
    void registersNothingWhereTheApplicationHasNoCdi() {
        Runnable unregister = ContainerMetrics.started(new LabelgateMetrics(EngineKind.EMBEDDED), "ai-app");

        assertDoesNotThrow(unregister::run);
    }
}
