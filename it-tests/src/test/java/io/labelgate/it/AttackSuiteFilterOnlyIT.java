package io.labelgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The {@link AttackSuite} with the library's default: the servlet and JAX-RS filters alone. */
class AttackSuiteFilterOnlyIT extends AttackSuite {

    @Deployment(testable = false)
    static WebArchive filterOnly() {
        return aiApp(false);
    }
}
