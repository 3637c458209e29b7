package io.labelgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A {@link DeployedApp} on the sample WAR as it is ({@link SampleWar#archive()}), for a test class
 * that needs no configuration of its own. A class with a variant extends {@link DeployedApp} and
 * declares its own deployment, since Arquillian would deploy this one beside it.
 */
public abstract class DeployedPlainSample extends DeployedApp {

    @Deployment(testable = false)
    static WebArchive sample() {
        return SampleWar.archive();
    }
}
