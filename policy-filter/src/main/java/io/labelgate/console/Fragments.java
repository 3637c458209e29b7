package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import io.labelgate.selector.Selector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The small pieces several pages show the same way: times, tags and links. */
final class Fragments {

    private static final Template TIME = Template.of("""
            <time datetime="{{instant}}"><span class="day">{{day}}</span> <span class="clock">{{clock}}</span></time>""");
    private static final Template TAG = Template.of("<span class=\"tag\">{{text}}</span> ");
    private static final Template LINK = Template.of("<a href=\"{{url}}\">{{url}}</a>");
    private static final Template NOT_LINKED = Template.of("<span class=\"url\">{{url}}</span>");
    private static final Template NOT_CONFIGURED = Template.of("<span class=\"hint\">not configured</span>");
    private static final Template NEVER = Template.of("never");

    private Fragments() {}

    /**
     * An instant to the minute, in UTC, e.g. {@code 2030-01-31 09:05:00 UTC}; the day and the clock
     * each stay on one line, so a narrow column wraps between them and nowhere else.
     */
    static Markup time(Instant instant) {
        String text = instant.truncatedTo(ChronoUnit.MINUTES)
                .toString()
                .replace('T', ' ')
                .replace("Z", " UTC");
        int space = text.indexOf(' ');
        return TIME.render(Map.of(
                "instant", instant.toString(), "day", text.substring(0, space), "clock", text.substring(space + 1)));
    }

    /** {@link #time}, or "never" for no instant. */
    static Markup timeOrNever(Instant instant) {
        return instant == null ? NEVER.render() : time(instant);
    }

    /** One tag per requirement of a selector, in its order. */
    static Markup selectorTags(Selector selector) {
        return tags(selector.requirements().stream().map(Object::toString).toList());
    }

    /** One {@code key=value} tag per label, sorted by key. */
    static Markup labelTags(Map<String, String> labels) {
        return tags(new TreeMap<>(labels)
                .entrySet().stream()
                        .map(label -> label.getKey() + "=" + label.getValue())
                        .toList());
    }

    private static Markup tags(Collection<String> texts) {
        return Markup.join(
                texts.stream().map(text -> TAG.render(Map.of("text", text))).toList());
    }

    /**
     * An app's address as a link; as text when it is not an http(s) URL, which no page of labelgate
     * links to; "not configured" when there is none.
     */
    static Markup accessUrl(String url) {
        if (url == null) {
            return NOT_CONFIGURED.render();
        }
        return (Template.safeUrl(url) ? LINK : NOT_LINKED).render(Map.of("url", url));
    }
}
