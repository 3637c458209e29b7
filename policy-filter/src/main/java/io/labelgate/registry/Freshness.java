package io.labelgate.registry;

/**
 * Whether what a node keeps of the registry is recent enough to decide on: asked on every request.
 */
@FunctionalInterface
public interface Freshness {

    /**
     * @throws RegistryUnavailableException when the node's view of the registry may be older than
     *                                      the revocation bound (fail closed: 503)
     */
    void requireFresh();

    /** Always fresh: a node alone with its registry, where every change is made through it (tests). */
    static Freshness always() {
        return () -> {};
    }
}
