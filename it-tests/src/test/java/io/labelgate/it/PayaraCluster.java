package io.labelgate.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Nodes of the sample app on the shared PostgreSQL registry, emptied first, started at the same
 * moment before a test class and stopped after it:
 * {@code @RegisterExtension static final PayaraCluster CLUSTER = new PayaraCluster(2);}
 */
final class PayaraCluster implements BeforeAllCallback, AfterAllCallback {

    private final int size;
    private List<PayaraMicroProcess> nodes = List.of();

    PayaraCluster(int size) {
        this.size = size;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        SharedRegistry.reset();
        nodes = PayaraMicroProcess.startTogether(size, SampleWar.file(), SharedRegistry.nodeProperties());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        nodes.forEach(PayaraMicroProcess::close);
    }

    /** The node at this index, counted from 0. */
    PayaraMicroProcess node(int index) {
        return nodes.get(index);
    }
}
