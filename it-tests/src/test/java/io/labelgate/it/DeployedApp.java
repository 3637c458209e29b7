package io.labelgate.it;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;

/**
 * A test class against one deployment of the sample WAR, which Arquillian deploys on the server of the
 * run (Payara Micro or WildFly) before the class and removes after it: the extension, the app's URL and
 * the paths on it. A subclass declares only its variant, as
 * {@code @Deployment(testable = false) static WebArchive ...} built by {@link SampleWar}; a class that
 * wants the sample as it is extends {@link DeployedPlainSample} instead.
 *
 * <p>This class declares no deployment because Arquillian collects every {@code @Deployment} method of
 * the test class and of each superclass ({@code TestClass.getMethods}, read by
 * {@code AnnotationDeploymentScenarioGenerator}): one here would deploy a second WAR beside a
 * subclass's own. The {@code @ArquillianResource} field is found the same way, in superclasses too
 * ({@code ArquillianResourceTestEnricher}), and {@code @ExtendWith} is inherited.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class DeployedApp {

    /** The app's URL as the server reports it, context root included; {@link #uri} puts it on loopback. */
    @ArquillianResource
    protected URL base;

    /** This path of the deployed app, on 127.0.0.1: {@code uri("/api/hello")}. */
    protected final URI uri(String path) {
        return Http.loopback(base, path);
    }

    /** The app's root, {@code /ai-app/}. */
    protected final URI root() {
        return uri("/");
    }

    /** The admin API of the deployed app, called with the test admin secret. */
    protected final AdminApi api() {
        return new AdminApi(root());
    }
}
