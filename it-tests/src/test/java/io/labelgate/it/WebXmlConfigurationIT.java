package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * labelgate configured through {@code web.xml} context parameters only (the WAR's MicroProfile
 * Config file removed), on whichever server runs the suite.
 */
class WebXmlConfigurationIT extends DeployedApp {

    @Deployment(testable = false)
    static WebArchive webXmlApp() {
        WebArchive war = SampleWar.archive();
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        war.setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param><param-name>labelgate.admin.secret</param-name><param-value>%s</param-value></context-param>
                  <context-param><param-name>labelgate.app.region</param-name><param-value>GRA</param-value></context-param>
                  <context-param><param-name>labelgate.app.labels</param-name><param-value>group=B,tier=web</param-value></context-param>
                  <context-param><param-name>labelgate.admin.enabled</param-name><param-value>true</param-value></context-param>
                </web-app>
                """.formatted(AdminApi.SECRET)));
        return war;
    }

    @Test
    void labelsAndRegionComeFromWebXml() {
        AdminApi api = new AdminApi(uri("/"));

        assertEquals(
                200, Http.bearer(uri("/"), api.read("group=B,tier=web").token()).statusCode());
        assertEquals(
                403, Http.bearer(uri("/api/hello"), api.read("group=A").token()).statusCode());
        JsonNode status = AdminApi.parse(AppLifecycleIT.call(
                        "GET", uri("/labelgate/api/app"), api.read("tier=web").token())
                .body());
        assertEquals("web", status.get("labels").get("tier").textValue());
        assertEquals("GRA", status.get("region").textValue());
    }
}
