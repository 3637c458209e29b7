package io.labelgate.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code labelgate token create}: {@code POST <url>/labelgate/api/tokens} with
 * {@code {"name","selector","allApps","role","region","expiresAt"}}. The scope is explicit: a
 * selector, or {@code --all-apps}, exactly one of them.
 */
@Command(name = "create", description = "Create a token and print its string: the only time it is ever shown.")
final class CreateTokenCommand implements Callable<Integer> {

    /** The token's role (PRODUCT.md, "Concepts"). */
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
        @Option(names = "--selector", required = true, paramLabel = "SELECTOR",
                description = "Kubernetes label selector, e.g. group=A,tier!=gpu")
        String selector;

        @Option(names = "--all-apps", required = true,
                description = "the explicit all-apps scope, instead of a selector")
        boolean allApps;
    }

    /** Reads {@code --expires-at} as an ISO-8601 instant. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected an ISO-8601 instant such as 2030-01-01T00:00:00Z");
            }
        }
    }

    @ParentCommand
    private TokenCommand tokens;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "a name for people, e.g. ci-reader")
    private String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Scope scope;

    @Option(names = "--role", required = true, converter = Role.Converter.class,
            paramLabel = "read|operator",
            description = "read: may query the app; operator: may also start, stop and delete it")
    private Role role;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "the region of the apps it works on, e.g. GRA")
    private String region;

    @Option(names = "--expires-at", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "when it stops working, e.g. 2030-01-01T00:00:00Z (default: never)")
    private Instant expiresAt;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("selector", scope.allApps ? null : scope.selector);
        body.put("allApps", scope.allApps);
        body.put("role", role.name().toLowerCase(Locale.ROOT));
        body.put("region", region);
        body.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        tokens.printIssued(tokens.send("POST", "", body), "Created");
        return ExitCodes.OK;
    }
}
