package io.labelgate.it;

import io.labelgate.http.AuthError;
import io.labelgate.http.Refusal;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The container knows the caller (issue 17), on both servers: the sample runs with labelgate as its
 * Jakarta Security mechanism ({@code labelgate.jakarta-security.enabled=true}, the sample's own
 * setting; WildFly prepared with {@code integrated-jaspi=false} by {@code src/test/servers/wildfly-cli}),
 * and its enterprise bean {@code CallerService} ({@code @RolesAllowed("read")}) names the token's
 * caller through {@code EJBContext} and Jakarta Security's {@code SecurityContext}. The variant adds a
 * {@code web.xml} constraint requiring role {@code read} on {@code /api/hello}, which a read token
 * satisfies and a request without one meets labelgate's own answer on.
 */
class CallerIT extends DeployedApp {

    private static final String REALM = "ai-app";
    /** Undertow's "Response already commited" (sic): its error page after a response went out. */
    private static final String COMMITTED_RESPONSE_ERROR = "UT010019";

    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    @Deployment(testable = false)
    static WebArchive withRoleConstraint() {
        WebArchive war = SampleWar.archive();
        war.setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>readers only, in the container's terms</web-resource-name>
                      <url-pattern>/api/hello</url-pattern>
                    </web-resource-collection>
                    <auth-constraint><role-name>read</role-name></auth-constraint>
                  </security-constraint>
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>operators only, in the container's terms</web-resource-name>
                      <url-pattern>/api/operators-only</url-pattern>
                    </web-resource-collection>
                    <auth-constraint><role-name>operator</role-name></auth-constraint>
                  </security-constraint>
                  <security-role><role-name>read</role-name></security-role>
                  <security-role><role-name>operator</role-name></security-role>
                </web-app>
                """));
        return war;
    }

    private HttpResponse<String> post(String path, String token) {
        return Http.send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private int beanCalls(String token) {
        HttpResponse<String> calls = Http.bearer(uri("/api/caller/calls"), token);
        assertEquals(200, calls.statusCode(), calls::body);
        return Integer.parseInt(calls.body());
    }

    private int cdiCalls(String token) {
        HttpResponse<String> calls = Http.bearer(uri("/api/caller/cdi/calls"), token);
        assertEquals(200, calls.statusCode(), calls::body);
        return Integer.parseInt(calls.body());
    }

    static void assertRefusal(Refusal expected, HttpResponse<String> response) {
        assertEquals(expected.status(), response.statusCode(), response::body);
        assertEquals(expected.wwwAuthenticate(), Http.header(response, "WWW-Authenticate"));
        assertEquals("no-store", Http.header(response, "Cache-Control"));
        assertEquals(Refusal.CONTENT_TYPE, Http.header(response, "Content-Type"));
        assertEquals(expected.body(), response.body());
    }

    @Test
    void aReadTokenReachesTheEnterpriseBeanWhichNamesIt() {
        AdminApi.Created read = api().read("group=A");

        HttpResponse<String> caller = Http.bearer(uri("/api/caller"), read.token());

        assertEquals(200, caller.statusCode(), caller::body);
        assertEquals("ejb=" + read.id() + " security=" + read.id() + " read=true operator=false", caller.body());
    }

    @Test
    void theOperatorOnlyMethodRefusesAReadTokenWithLabelgates403AndTakesAnOperatorToken() {
        AdminApi.Created read = api().read("group=A");
        AdminApi.Created operator = api().operator("group=A");

        HttpResponse<String> refused = post("/api/caller/maintenance", read.token());
        HttpResponse<String> accepted = post("/api/caller/maintenance", operator.token());

        assertRefusal(
                Refusal.of(
                        AuthError.roleRequired("the application refused this operation to the token's roles"), REALM),
                refused);
        assertEquals(200, accepted.statusCode(), accepted::body);
        assertEquals("maintenance by " + operator.id(), accepted.body());
        HttpResponse<String> described = Http.bearer(uri("/api/caller"), operator.token());
        assertEquals(
                "ejb=" + operator.id() + " security=" + operator.id() + " read=true operator=true", described.body());
    }

    @Test
    void aReadTokenReachesTheCdiBeanWhoseInterceptorChecksRolesWithJakartaSecurity() {
        AdminApi.Created read = api().read("group=A");

        HttpResponse<String> report = Http.bearer(uri("/api/caller/cdi"), read.token());

        assertEquals(200, report.statusCode(), report::body);
        assertEquals("cdi=" + read.id() + " read=true operator=false", report.body());
    }

    @Test
    void theCdiBeansOperatorOnlyMethodRefusesAReadTokenLabelgateAllowedAndTakesAnOperatorToken() {
        AdminApi.Created read = api().read("group=A");
        AdminApi.Created operator = api().operator("group=A");
        int before = cdiCalls(read.token());

        HttpResponse<String> refused = Http.bearer(uri("/api/caller/cdi/operators"), read.token());
        int afterRefusal = cdiCalls(read.token());
        HttpResponse<String> accepted = Http.bearer(uri("/api/caller/cdi/operators"), operator.token());

        // labelgate allowed the read (a GET); the bean's own interceptor refused the role
        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("the caller is not in any of the roles [operator]", refused.body());
        assertEquals(before, afterRefusal);
        assertEquals(200, accepted.statusCode(), accepted::body);
        assertEquals("report for operator " + operator.id(), accepted.body());
    }

    @Test
    void theBrowserSessionReachesTheEnterpriseBean() {
        AdminApi.Created read = api().read("group=A");
        String session = BrowserLogin.logIn(root(), read.token());

        HttpResponse<String> caller =
                Http.get(uri("/api/caller"), "Cookie", "labelgate-session=" + session, "Accept", BROWSER_ACCEPT);

        assertEquals(200, caller.statusCode(), caller::body);
        assertEquals("ejb=" + read.id() + " security=" + read.id() + " read=true operator=false", caller.body());
        HttpResponse<String> report =
                Http.get(uri("/api/caller/cdi"), "Cookie", "labelgate-session=" + session, "Accept", BROWSER_ACCEPT);
        assertEquals(200, report.statusCode(), report::body);
        assertEquals("cdi=" + read.id() + " read=true operator=false", report.body());
    }

    @Test
    void withoutATokenTheEnterpriseBeanIsNeverReached() {
        String reader = api().read("group=A").token();
        int before = beanCalls(reader);
        int cdiBefore = cdiCalls(reader);

        HttpResponse<String> cdi = Http.get(uri("/api/caller/cdi"));
        HttpResponse<String> api = Http.get(uri("/api/caller"));
        HttpResponse<String> browser = Http.get(uri("/api/caller"), "Accept", BROWSER_ACCEPT);
        HttpResponse<String> maintenance = Http.send(HttpRequest.newBuilder(uri("/api/caller/maintenance"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertRefusal(Refusal.of(AuthError.missingToken(), REALM), api);
        assertEquals(302, browser.statusCode(), browser::body);
        assertEquals(
                "/ai-app/labelgate/login",
                root().resolve(Http.header(browser, "Location")).getPath());
        assertRefusal(Refusal.of(AuthError.missingToken(), REALM), maintenance);
        assertRefusal(Refusal.of(AuthError.missingToken(), REALM), cdi);
        assertEquals(before, beanCalls(reader));
        assertEquals(cdiBefore, cdiCalls(reader));
    }

    @Test
    void aWebXmlConstraintRequiringRoleReadIsSatisfiedByAReadToken() {
        AdminApi.Created read = api().read("group=A");

        HttpResponse<String> hello = Http.bearer(uri("/api/hello"), read.token());

        assertEquals(200, hello.statusCode(), hello::body);
        assertEquals("Hello, World!", hello.body());
    }

    @Test
    void aWebXmlConstraintOnRoleOperatorIsTheContainersToEnforce() {
        AdminApi.Created read = api().read("group=A");
        AdminApi.Created operator = api().operator("group=A");

        HttpResponse<String> refused = Http.bearer(uri("/api/operators-only"), read.token());
        HttpResponse<String> accepted = Http.bearer(uri("/api/operators-only"), operator.token());

        // labelgate allowed the read; the container refuses the role with its own 403 (README)
        assertEquals(403, refused.statusCode(), refused::body);
        assertNotEquals(Refusal.CONTENT_TYPE, Http.header(refused, "Content-Type"));
        assertEquals(200, accepted.statusCode(), accepted::body);
        assertEquals("Hello, operator!", accepted.body());
    }

    @Test
    void onTheConstrainedResourceARefusedRequestGetsLabelgatesAnswerNotTheContainers() throws Exception {
        long containerErrorsBefore = wildFlyLogMentions(COMMITTED_RESPONSE_ERROR);
        HttpResponse<String> none = Http.get(uri("/api/hello"));
        HttpResponse<String> forged = Http.bearer(uri("/api/hello"), "not.a.token");
        HttpResponse<String> withBody = Http.send(HttpRequest.newBuilder(uri("/api/hello"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"unread\": true}"))
                .build());

        assertRefusal(Refusal.of(AuthError.missingToken(), REALM), none);
        assertEquals(401, forged.statusCode(), forged::body);
        assertEquals(Refusal.CONTENT_TYPE, Http.header(forged, "Content-Type"));
        assertRefusal(Refusal.of(AuthError.missingToken(), REALM), withBody);
        // Undertow logs an error when it sends its own page after labelgate's answer went out
        Thread.sleep(1000);
        assertEquals(containerErrorsBefore, wildFlyLogMentions(COMMITTED_RESPONSE_ERROR));
    }

    /** How often WildFly's server log names this message (0 on Payara, whose log the test does not read). */
    private static long wildFlyLogMentions(String message) throws IOException {
        String home = System.getProperty("labelgate.it.wildfly.home");
        if (home == null) {
            return 0;
        }
        Path log = Path.of(home, "standalone", "log", "server.log");
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(message)).count();
        }
    }

    @Test
    void theContainersSecurityApiAndLabelgatesAgreeOnTheCaller() {
        AdminApi.Created read = api().read("group=A");

        HttpResponse<String> whoami = Http.bearer(uri("/api/whoami"), read.token());

        assertEquals(200, whoami.statusCode(), whoami::body);
        assertEquals("name=" + read.id() + " read=true operator=false scheme=Bearer", whoami.body());
    }
}
