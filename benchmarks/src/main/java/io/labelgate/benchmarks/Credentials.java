package io.labelgate.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the credentials of the load benchmark through a protected app's own interfaces, as its
 * users would: read tokens through the admin API, browser sessions through the login form.
 *
 * <pre>
 * java -cp labelgate-benchmarks.jar io.labelgate.benchmarks.Credentials tokens APP_URL ADMIN_SECRET_FILE COUNT OUT
 * java -cp labelgate-benchmarks.jar io.labelgate.benchmarks.Credentials sessions APP_URL TOKENS_FILE COUNT OUT
 * java -cp labelgate-benchmarks.jar io.labelgate.benchmarks.Credentials peer ISSUER PUBLIC_KEY_OUT COUNT OUT
 * </pre>
 * Writes one token string or session cookie value per line to OUT (a file of secrets: keep it
 * private, and scan the logs for them). {@code peer} makes the MicroProfile JWT peer's tokens
 * instead: a fresh RSA 2048 key, as labelgate's demo key, its public half written as PEM to
 * PUBLIC_KEY_OUT for the peer's {@code mp.jwt.verify.publickey.location}, and COUNT RS256 tokens
 * signed with it, each with its own subject and {@code groups: ["read"]}, valid for a day.
 */
public final class Credentials {

    private static final Pattern CSRF_FIELD =
            Pattern.compile("<input type=\"hidden\" name=\"csrf\" value=\"([^\"]+)\">");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Credentials() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !List.of("tokens", "sessions", "peer").contains(args[0])) {
            System.err.println("usage: Credentials tokens|sessions APP_URL SECRET_OR_TOKENS_FILE COUNT OUT");
            System.err.println("       Credentials peer ISSUER PUBLIC_KEY_OUT COUNT OUT");
            System.exit(2);
        }
        if (args[0].equals("peer")) {
            List<String> made = PeerTokens.write(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            Files.write(Path.of(args[4]), made);
            System.out.println("Credentials: " + made.size() + " MicroProfile JWT tokens of issuer " + args[1]);
            return;
        }
        URI app = URI.create(args[1].endsWith("/") ? args[1] : args[1] + "/");
        LoadRunOptions.requireLoopback(app);
        int count = Integer.parseInt(args[3]);
        List<String> made = args[0].equals("tokens")
                ? inParallel(
                        count,
                        i -> token(app, Files.readString(Path.of(args[2])).strip()))
                : sessions(app, Files.readAllLines(Path.of(args[2])), count);
        Files.write(Path.of(args[4]), made);
        System.out.println("Credentials: " + made.size() + " " + args[0] + " for " + app);
    }

    @FunctionalInterface
    private interface Make {
        String make(int index) throws IOException, InterruptedException;
    }

    private static List<String> inParallel(int count, Make make) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(workers.submit(() -> make.make(index)));
            }
            List<String> made = new ArrayList<>();
            for (Future<String> future : futures) {
                made.add(future.get(5, TimeUnit.MINUTES));
            }
            return made;
        } finally {
            workers.shutdownNow();
        }
    }

    /** A read token for the app's labels, through the admin API. */
    private static String token(URI app, String adminSecret) throws IOException, InterruptedException {
        String body = "{\"name\":\"benchmark\",\"selector\":\"group=A\",\"role\":\"read\",\"region\":\"GRA\"}";
        HttpResponse<String> created = CLIENT.send(
                HttpRequest.newBuilder(app.resolve("labelgate/api/tokens"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + adminSecret)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException(
                    "creating a token answered " + created.statusCode() + ": " + created.body());
        }
        JsonNode document = JSON.readTree(created.body());
        return document.get("token").textValue();
    }

    /** Browser sessions opened with the first {@code count} tokens, through the login form. */
    private static List<String> sessions(URI app, List<String> tokens, int count) throws Exception {
        if (tokens.size() < count) {
            throw new IllegalArgumentException("only " + tokens.size() + " tokens for " + count + " sessions");
        }
        return inParallel(count, i -> session(app, tokens.get(i)));
    }

    private static String session(URI app, String token) throws IOException, InterruptedException {
        URI login = app.resolve("labelgate/login");
        HttpResponse<String> page = CLIENT.send(
                HttpRequest.newBuilder(login)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String csrfCookie = cookie(page, "labelgate-csrf");
        Matcher field = CSRF_FIELD.matcher(page.body());
        if (!field.find()) {
            throw new IllegalStateException("the login page has no CSRF field");
        }
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&csrf="
                + URLEncoder.encode(field.group(1), StandardCharsets.UTF_8) + "&next="
                + URLEncoder.encode(app.getPath(), StandardCharsets.UTF_8);
        HttpResponse<String> loggedIn = CLIENT.send(
                HttpRequest.newBuilder(login)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", app.getScheme() + "://" + app.getHost() + ":" + app.getPort())
                        .header("Cookie", "labelgate-csrf=" + csrfCookie)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (loggedIn.statusCode() != 303) {
            throw new IllegalStateException("logging in answered " + loggedIn.statusCode());
        }
        return cookie(loggedIn, "labelgate-session");
    }

    private static String cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(name + "=") && !cookie.startsWith(name + "=;"))
                .map(cookie -> cookie.substring(name.length() + 1, cookie.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " cookie"));
    }
}
