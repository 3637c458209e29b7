package io.labelgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The {@link AttackSuite} with labelgate as the application's Jakarta Security mechanism: every
 * attack meets the mechanism before any filter (on the JAX-RS path, under a {@code web.xml}
 * constraint, the mechanism answers it), and gets the answer it gets without it.
 */
class AttackSuiteIT extends AttackSuite {

    @Deployment(testable = false)
    static WebArchive withTheMechanism() {
        return aiApp(true);
    }
}
