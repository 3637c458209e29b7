package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Administrators the container knows, on both servers: the sample with a BASIC {@code login-config}
 * whose security constraint guards {@code /labelgate/admin-login} (README, "Administrators"), and
 * {@code labelgate.admin.container-login=true}, users from the server's own store (Payara's file
 * realm, pointed at the keyfile of {@code src/test/servers/payara} by a post-boot command; WildFly's
 * ApplicationRealm, {@code src/test/servers/wildfly}). alice is in role {@code labelgate-admin}, bob
 * is not. The admin API and the pages take alice without the admin secret and name her in the audit
 * trail and on the pages.
 */
class NamedAdministratorIT extends DeployedApp {

    private static final String ALICE = basic("alice", "it-alice-password-0123");
    private static final String BOB = basic("bob", "it-bob-password-0123");
    private static final String ALICE_WRONG = basic("alice", "not-her-password-0123");

    @Deployment(testable = false)
    static WebArchive withContainerLogin() {
        WebArchive war = SampleWar.archive("labelgate.admin.container-login=true");
        war.setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>labelgate administrators' sign-in</web-resource-name>
                      <url-pattern>/labelgate/admin-login</url-pattern>
                    </web-resource-collection>
                    <auth-constraint><role-name>labelgate-admin</role-name></auth-constraint>
                  </security-constraint>
                  <login-config><auth-method>BASIC</auth-method><realm-name>file</realm-name></login-config>
                  <security-role><role-name>labelgate-admin</role-name></security-role>
                </web-app>
                """));
        // Payara maps the role to the file realm's group of the same name; WildFly decodes groups to roles
        war.addAsWebInfResource(new StringAsset("""
                        <payara-web-app>
                          <security-role-mapping>
                            <role-name>labelgate-admin</role-name>
                            <group-name>labelgate-admin</group-name>
                          </security-role-mapping>
                        </payara-web-app>
                        """), "payara-web.xml");
        return war;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, URI uri, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return Http.send(request.build());
    }

    @Test
    void anAdministratorTheContainerKnowsCreatesATokenAndTheAuditTrailNamesThem() {
        HttpResponse<String> created = send(
                "POST",
                uri("/labelgate/api/tokens"),
                ALICE,
                "{\"name\": \"by-alice\", \"selector\": \"group=A\", \"role\": \"read\", \"region\": \"GRA\"}");

        assertEquals(201, created.statusCode(), created::body);
        String id = AdminApi.parse(created.body()).get("id").textValue();
        IssuedSecrets.record(AdminApi.parse(created.body()).get("token").textValue());
        HttpResponse<String> trail = send(
                "GET",
                uri("/labelgate/api/audit?target=" + URLEncoder.encode(id, StandardCharsets.UTF_8)),
                ALICE,
                null);
        assertEquals(200, trail.statusCode(), trail::body);
        JsonNode entry = AdminApi.parse(trail.body()).get("entries").get(0);
        assertEquals("token.created", entry.get("action").textValue());
        assertEquals("alice", entry.get("actor").textValue());
        assertEquals("administrator", entry.get("actorKind").textValue());
        assertEquals("127.0.0.1", entry.get("source").textValue());
    }

    @Test
    void aUserOutsideTheRoleAndAWrongPasswordAreRefused() {
        HttpResponse<String> bob = send("GET", uri("/labelgate/api/tokens"), BOB, null);
        HttpResponse<String> wrong = send("GET", uri("/labelgate/api/tokens"), ALICE_WRONG, null);

        assertEquals(403, bob.statusCode(), bob::body);
        assertEquals(401, wrong.statusCode(), wrong::body);
        assertEquals(200, send("GET", uri("/labelgate/api/tokens"), ALICE, null).statusCode());
    }

    @Test
    void thePagesTakeTheContainersLoginAndSayWhoIsSignedIn() {
        String next = URLEncoder.encode("/ai-app/labelgate/audit", StandardCharsets.UTF_8);
        HttpResponse<String> loginPage = Http.get(uri("/labelgate/login"));
        HttpResponse<String> challenged = Http.get(uri("/labelgate/admin-login?next=" + next));
        HttpResponse<String> signedIn = send("GET", uri("/labelgate/admin-login?next=" + next), ALICE, null);
        HttpResponse<String> outsider = send("GET", uri("/labelgate/admin-login"), BOB, null);

        assertTrue(
                loginPage.body().contains("<a id=\"admin-login\" href=\"/ai-app/labelgate/admin-login?next="),
                loginPage::body);
        assertEquals(401, challenged.statusCode(), "the container's BASIC challenge");
        assertTrue(
                Http.header(challenged, "WWW-Authenticate").startsWith("Basic"),
                () -> "a BASIC challenge, not " + Http.header(challenged, "WWW-Authenticate"));
        assertEquals(303, signedIn.statusCode(), signedIn::body);
        assertEquals(
                "/ai-app/labelgate/audit",
                URI.create(Http.header(signedIn, "Location")).getPath());
        assertEquals(403, outsider.statusCode(), outsider::body);

        String cookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(value ->
                        value.startsWith("labelgate-session=") || value.startsWith("__Host-labelgate-session="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + signedIn.headers()))
                .split(";")[0];
        IssuedSecrets.record(cookie.substring(cookie.indexOf('=') + 1));
        // the session alone, without the container's credentials, opens the pages in alice's name
        HttpResponse<String> audit = Http.get(uri("/labelgate/audit?actor=alice"), "Cookie", cookie);
        assertEquals(200, audit.statusCode(), audit::body);
        assertTrue(audit.body().contains("<p id=\"signed-in\" class=\"hint\">Signed in as alice</p>"), audit::body);
        assertTrue(audit.body().contains(">admin.signed-in</td>"), audit::body);
        assertTrue(
                audit.body().contains("class=\"actor\">alice <span class=\"hint\">administrator</span></td>"),
                audit::body);
    }
}
