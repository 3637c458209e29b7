package io.labelgate.console;

import io.labelgate.console.Template.Markup;

import java.util.Map;

/** A small page that says what went wrong, in one plain sentence, in {@code #message}. */
final class ErrorPage {

    private static final Template BODY = Template.of("""
            <section class="card"><h1>{{title}}</h1><p id="message" role="alert">{{sentence}}</p></section>""");

    private ErrorPage() {}

    static Markup render(String base, String title, String sentence) {
        return Page.render(base, title, BODY.render(Map.of("title", title, "sentence", sentence)), null);
    }
}
