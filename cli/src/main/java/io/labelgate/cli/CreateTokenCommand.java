package io.labelgate.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code labelgate token create}: {@code POST <url>/labelgate/api/tokens} with
 * {@code {"name","selector","allApps","role","region","expiresAt"}}. The scope is explicit: a
 * selector, or {@code --all-apps}, exactly one of them. The expiry is a date, an instant or a
 * duration from now ({@link Expiry}); the request always carries the instant.
 */
@Command(name = "create", description = "Create a token and print its string: the only time it is ever shown.")
final class CreateTokenCommand implements Callable<Integer> {

    /** The token's role (docs/contract.md, "Concepts"). */
    enum Role {
        /** May query the app. */
        READ,
        /** May also start, stop and delete it. */
        OPERATOR;

        /** Reads the lower-case word. */
        static final class Converter implements ITypeConverter<Role> {
            @Override
            public Role convert(String value) {
                return Choices.parse(Role.class, value);
            }
        }
    }

    /** Which apps the token matches: exactly one of the two. */
    static final class Scope {
        @Option(
                names = "--selector",
                required = true,
                paramLabel = "SELECTOR",
                description = "Kubernetes label selector, e.g. group=A,tier!=gpu")
        String selector;

        @Option(
                names = "--all-apps",
                required = true,
                description = "the explicit all-apps scope, instead of a selector")
        boolean allApps;
    }

    /** When it stops working: at most one of the two; neither is never. */
    static final class Expires {
        @Option(
                names = "--expires-at",
                required = true,
                paramLabel = "DATE|INSTANT",
                converter = Expiry.AtConverter.class,
                description = "when it stops working (default: never): a date is the end of that day, "
                        + "UTC, so 2030-01-31 works all that day; an instant is exact, e.g. 2030-01-31T12:00:00Z; "
                        + "the latest is 9999-12-31")
        Instant at;

        @Option(
                names = "--expires-in",
                required = true,
                paramLabel = "DURATION",
                converter = Expiry.InConverter.class,
                description = "how long from now it works: hours, days or weeks, e.g. 12h, 90d, 2w "
                        + "(instead of --expires-at)")
        Duration in;
    }

    @ParentCommand
    private TokenCommand tokens;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "a name for people, e.g. ci-reader")
    private String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Scope scope;

    @Option(
            names = "--role",
            required = true,
            converter = Role.Converter.class,
            paramLabel = "read|operator",
            description = "read: may query the app; operator: may also start, stop and delete it")
    private Role role;

    @Option(
            names = "--region",
            required = true,
            paramLabel = "REGION",
            description = "the region of the apps it works on, e.g. GRA")
    private String region;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Expires expires;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("selector", scope.allApps ? null : scope.selector);
        body.put("allApps", scope.allApps);
        body.put("role", role.name().toLowerCase(Locale.ROOT));
        body.put("region", region);
        Instant expiresAt = expiresAt();
        body.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        tokens.printIssued(tokens.send("POST", "", body), "Created");
        return ExitCodes.OK;
    }

    /** The instant sent as {@code expiresAt}, or {@code null} for never. */
    private Instant expiresAt() {
        if (expires == null) {
            return null;
        }
        return expires.at != null ? expires.at : Expiry.after(tokens.clock().instant(), expires.in, "--expires-in");
    }
}
