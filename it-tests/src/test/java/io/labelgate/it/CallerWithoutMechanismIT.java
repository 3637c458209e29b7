package io.labelgate.it;

import io.labelgate.http.AuthError;
import io.labelgate.http.Refusal;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The library's default, {@code labelgate.jakarta-security.enabled=false}, on both servers: labelgate
 * still protects every request and names the token to servlets and JAX-RS, but the container does
 * not know the caller, so the sample's {@code @RolesAllowed} beans refuse even a token labelgate
 * allowed, the enterprise bean with labelgate's 403. What {@link CallerIT} shows the mechanism adds.
 */
class CallerWithoutMechanismIT extends DeployedApp {

    private static final String REALM = "ai-app";

    @Deployment(testable = false)
    static WebArchive withoutTheMechanism() {
        return SampleWar.archive("labelgate.jakarta-security.enabled=false");
    }

    @Test
    void servletsAndJaxRsStillSeeTheToken() {
        AdminApi.Created read = api().read("group=A");

        HttpResponse<String> whoami = Http.bearer(uri("/api/whoami"), read.token());

        assertEquals(200, whoami.statusCode(), whoami::body);
        assertEquals("name=" + read.id() + " read=true operator=false scheme=Bearer", whoami.body());
    }

    @Test
    void theEnterpriseBeanSeesNoCallerAndRefusesWithLabelgates403() {
        AdminApi.Created read = api().read("group=A");

        HttpResponse<String> caller = Http.bearer(uri("/api/caller"), read.token());

        CallerIT.assertRefusal(
                Refusal.of(
                        AuthError.roleRequired("the application refused this operation to the token's roles"), REALM),
                caller);
    }

    @Test
    void theCdiBeansInterceptorSeesNoCallerAndRefuses() {
        AdminApi.Created operator = api().operator("group=A");

        HttpResponse<String> report = Http.bearer(uri("/api/caller/cdi"), operator.token());

        assertEquals(403, report.statusCode(), report::body);
        assertEquals("the caller is not in any of the roles [read]", report.body());
    }
}
