package io.labelgate.it;

import java.nio.file.Path;

/** Paths inside the labelgate checkout the tests run from. */
final class Checkout {

    private Checkout() {}

    /** The checkout's root: {@code labelgate.it.war.dir} is {@code <root>/it-tests/target/wars}. */
    static Path root() {
        return Path.of(System.getProperty("labelgate.it.war.dir"))
                .toAbsolutePath()
                .getParent()
                .getParent()
                .getParent();
    }
}
