package io.labelgate.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed piece of HTML with named placeholders: how labelgate's pages are written, so that no
 * value reaches a page unescaped by accident.
 *
 * <ul>
 *   <li>{@code {{name}}} takes text or a number and inserts it escaped ({@link Html#escape}), in
 *       element content or inside a quoted attribute value. Anywhere else in a tag, and inside a
 *       {@code script} or {@code style} element, the template is refused when it is made. At the
 *       start of a URL attribute ({@code href}, {@code src}, {@code action}) the value must also be
 *       a path or an http(s) URL: escaping does not stop {@code javascript:}.</li>
 *   <li>{@code {{{name}}}} is the only way to insert HTML as it is, and takes only {@link Markup},
 *       which only a template makes: raw HTML enters a page where a template names a slot for it,
 *       and only as the output of another template.</li>
 *   <li>{@code {{attribute if name}}}, unquoted inside a tag, takes a {@code Boolean} and writes
 *       the boolean attribute ({@code hidden}, {@code checked}) when it is true.</li>
 * </ul>
 *
 * <p>{@link #render} refuses, with an {@link IllegalStateException} naming it, a placeholder left
 * unfilled, a value the template does not use, and a value of the wrong kind for its slot: a page
 * that half-renders or silently drops a field is a bug to find in a unit test, not in production.
 *
 * <p>Why not a template engine (Mustache, Thymeleaf, Qute): labelgate is a library inside someone
 * else's WAR, where every jar it brings can clash with the application's own and must be patched
 * for its CVEs, and five small pages do not repay that. Most engines also render a missing name as
 * nothing, where the strictness above is what these pages need, and it fits in this one class.
 */
final class Template {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");
    private static final Pattern FLAG = Pattern.compile("([a-z]+) if ([a-zA-Z][a-zA-Z0-9]*)");
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction");

    private enum Kind {
        TEXT,
        URL,
        RAW,
        FLAG
    }

    private record Slot(String name, Kind kind, String attribute) {
        /** What the slot takes: TEXT and URL both take text. */
        Kind takes() {
            return kind == Kind.URL ? Kind.TEXT : kind;
        }
    }

    /** HTML made by a template, safe to insert as it is through a {@code {{{name}}}} slot. */
    static final class Markup {

        static final Markup EMPTY = new Markup("");

        private final String html;

        private Markup(String html) {
            this.html = html;
        }

        /** The parts one after the other. */
        static Markup join(Collection<Markup> parts) {
            StringBuilder out = new StringBuilder();
            parts.forEach(part -> out.append(part.html));
            return new Markup(out.toString());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Markup markup && markup.html.equals(html);
        }

        @Override
        public int hashCode() {
            return html.hashCode();
        }

        /** The HTML. */
        @Override
        public String toString() {
            return html;
        }
    }

    /** Literal text and slots, alternating: text, slot, text, ..., text. */
    private final List<String> texts = new ArrayList<>();

    private final List<Slot> slots = new ArrayList<>();
    private final Set<String> names = new TreeSet<>();

    private Template(String source) {
        Context context = new Context();
        int at = 0;
        while (true) {
            int open = source.indexOf("{{", at);
            if (open < 0) {
                texts.add(source.substring(at));
                context.read(source.substring(at));
                return;
            }
            boolean raw = source.startsWith("{{{", open);
            String close = raw ? "}}}" : "}}";
            int end = source.indexOf(close, open);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed placeholder at " + open);
            }
            String text = source.substring(at, open);
            texts.add(text);
            context.read(text);
            Slot slot = slot(source.substring(open + close.length(), end).strip(), raw, context);
            if (slots.stream().anyMatch(s -> s.name().equals(slot.name()) && s.takes() != slot.takes())) {
                throw new IllegalArgumentException("placeholder " + slot.name() + " is used for two kinds of value");
            }
            slots.add(slot);
            names.add(slot.name());
            at = end + close.length();
        }
    }

    /** A template; refused at once if a placeholder is malformed or stands where escaping cannot protect it. */
    static Template of(String source) {
        return new Template(Objects.requireNonNull(source, "source"));
    }

    private static Slot slot(String inside, boolean raw, Context context) {
        Matcher flag = FLAG.matcher(inside);
        if (!raw && flag.matches()) {
            if (context.state != State.TAG) {
                throw new IllegalArgumentException("{{" + inside + "}} belongs inside a tag, unquoted");
            }
            return new Slot(flag.group(2), Kind.FLAG, flag.group(1));
        }
        if (!NAME.matcher(inside).matches()) {
            throw new IllegalArgumentException("bad placeholder name: " + inside);
        }
        if (raw) {
            if (context.state != State.TEXT || context.tagOpens) {
                throw new IllegalArgumentException(
                        "{{{" + inside + "}}} inserts HTML, so it belongs in element content");
            }
            return new Slot(inside, Kind.RAW, null);
        }
        return switch (context.state) {
            case TEXT -> {
                if (context.tagOpens) {
                    throw new IllegalArgumentException("{{" + inside + "}} stands where a tag's name would");
                }
                yield new Slot(inside, Kind.TEXT, null);
            }
            case QUOTED ->
                new Slot(
                        inside,
                        context.valueStarts && URL_ATTRIBUTES.contains(context.attribute) ? Kind.URL : Kind.TEXT,
                        context.attribute);
            case TAG ->
                throw new IllegalArgumentException("{{" + inside + "}} stands in a tag outside a quoted "
                        + "attribute value, where escaping does not protect it");
            case RAW_TEXT ->
                throw new IllegalArgumentException("{{" + inside + "}} stands inside a script or style "
                        + "element, where HTML escaping does not apply");
        };
    }

    /** The page, or an IllegalStateException naming what is missing, unused or of the wrong kind. */
    Markup render(Map<String, ?> values) {
        Set<String> unused = new TreeSet<>(values.keySet());
        unused.removeAll(names);
        if (!unused.isEmpty()) {
            throw new IllegalStateException("values the template does not use: " + unused);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < slots.size(); i++) {
            out.append(texts.get(i));
            Slot slot = slots.get(i);
            Object value = values.get(slot.name());
            if (value == null) {
                throw new IllegalStateException("placeholder " + slot.name() + " is not filled");
            }
            out.append(fill(slot, value));
        }
        out.append(texts.get(slots.size()));
        return new Markup(out.toString());
    }

    /** A template without placeholders. */
    Markup render() {
        return render(Map.of());
    }

    private static String fill(Slot slot, Object value) {
        switch (slot.kind()) {
            case RAW -> {
                if (value instanceof Markup markup) {
                    return markup.html;
                }
                throw new IllegalStateException("placeholder {{{" + slot.name() + "}}} takes Markup, made by a "
                        + "template, not " + value.getClass().getSimpleName());
            }
            case FLAG -> {
                if (value instanceof Boolean on) {
                    return on ? slot.attribute() : "";
                }
                throw new IllegalStateException("placeholder " + slot.name() + " takes a Boolean");
            }
            default -> {
                if (!(value instanceof CharSequence) && !(value instanceof Number)) {
                    throw new IllegalStateException("placeholder {{" + slot.name() + "}} takes text or a number, not "
                            + value.getClass().getSimpleName());
                }
                String text = value.toString();
                if (slot.kind() == Kind.URL && !safeUrl(text)) {
                    throw new IllegalStateException("placeholder {{" + slot.name() + "}} in " + slot.attribute()
                            + " takes a path or an http(s) URL");
                }
                return Html.escape(text);
            }
        }
    }

    /** A path, or an absolute http or https URL: nothing a browser would run. */
    static boolean safeUrl(String url) {
        int colon = url.indexOf(':');
        int end = url.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int found = url.indexOf(stop);
            end = found >= 0 ? Math.min(end, found) : end;
        }
        if (colon < 0 || colon > end) {
            return true;
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    private enum State {
        TEXT,
        TAG,
        QUOTED,
        RAW_TEXT
    }

    /** Where in the HTML the template's literal text has left us; enough HTML to place a slot. */
    private static final class Context {
        private State state = State.TEXT;
        private final StringBuilder word = new StringBuilder();
        private String tagName;
        private String attribute;
        private char quote;
        private boolean valueStarts;
        /** The text read last ends with a {@code <} that a letter would make a tag. */
        private boolean tagOpens;

        void read(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (state) {
                    case TEXT -> {
                        if (c == '<'
                                && i + 1 < text.length()
                                && (Character.isLetter(text.charAt(i + 1))
                                        || text.charAt(i + 1) == '/'
                                        || text.charAt(i + 1) == '!')) {
                            state = State.TAG;
                            tagName = null;
                            word.setLength(0);
                        }
                    }
                    case TAG -> tag(c);
                    case QUOTED -> {
                        valueStarts = false;
                        if (c == quote) {
                            state = State.TAG;
                        }
                    }
                    case RAW_TEXT -> {
                        String end = "</" + tagName;
                        if (text.regionMatches(true, i, end, 0, end.length())) {
                            state = State.TAG;
                            tagName = "/" + tagName;
                            i += end.length() - 1;
                        }
                    }
                }
            }
            tagOpens = state == State.TEXT && text.endsWith("<");
        }

        private void tag(char c) {
            if (c == '"' || c == '\'') {
                state = State.QUOTED;
                quote = c;
                valueStarts = true;
            } else if (c == '>') {
                String name = tagName == null ? word.toString() : tagName;
                boolean rawText = name.equalsIgnoreCase("script") || name.equalsIgnoreCase("style");
                state = rawText ? State.RAW_TEXT : State.TEXT;
                tagName = name.toLowerCase(Locale.ROOT);
            } else if (c == '=') {
                attribute = word.toString().toLowerCase(Locale.ROOT);
                word.setLength(0);
            } else if (Character.isWhitespace(c)) {
                if (tagName == null) {
                    tagName = word.toString();
                }
                word.setLength(0);
            } else {
                word.append(c);
            }
        }
    }
}
