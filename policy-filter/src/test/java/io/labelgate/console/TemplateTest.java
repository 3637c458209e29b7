package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTest {

    private static final String HOSTILE = "<script>alert('x')</script>\"&</textarea>";
    private static final String ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;&lt;/textarea&gt;";

    @Test
    void everyValueIsEscapedInElementContentAndInQuotedAttributes() {
        Template template = Template.of("<p title=\"{{title}}\" data-x='{{title}}'>{{text}}</p>");

        String html = template.render(Map.of("title", HOSTILE, "text", HOSTILE)).toString();

        assertEquals("<p title=\"" + ESCAPED + "\" data-x='" + ESCAPED + "'>" + ESCAPED + "</p>", html);
    }

    @Test
    void aPlaceholderMayBeUsedTwiceAndNumbersAreText() {
        Template template = Template.of("<a href=\"{{base}}/tokens\">{{base}}</a> {{count}}");

        assertEquals(
                "<a href=\"/app/tokens\">/app</a> 3",
                template.render(Map.of("base", "/app", "count", 3)).toString());
    }

    @Test
    void anUnfilledPlaceholderIsRefusedByName() {
        Template template = Template.of("<p>{{greeting}}, {{name}}</p>");

        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> template.render(Map.of("greeting", "Hello")));

        assertEquals("placeholder name is not filled", refused.getMessage());
    }

    @Test
    void aValueTheTemplateDoesNotUseIsRefusedByName() {
        Template template = Template.of("<p>{{name}}</p>");

        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> template.render(Map.of("name", "a", "nmae", "b")));

        assertEquals("values the template does not use: [nmae]", refused.getMessage());
    }

    @Test
    void rawHtmlGoesInOnlyThroughATripleBracedSlotAndOnlyAsMarkupATemplateMade() {
        Template item = Template.of("<li>{{text}}</li>");
        Template list = Template.of("<ul>{{{items}}}</ul>");
        Markup items = item.render(Map.of("text", HOSTILE));

        assertEquals(
                "<ul><li>" + ESCAPED + "</li></ul>",
                list.render(Map.of("items", items)).toString());
        IllegalStateException string =
                assertThrows(IllegalStateException.class, () -> list.render(Map.of("items", "<li>raw</li>")));
        assertEquals("placeholder {{{items}}} takes Markup, made by a template, not String", string.getMessage());
        IllegalStateException markupInATextSlot =
                assertThrows(IllegalStateException.class, () -> item.render(Map.of("text", items)));
        assertEquals("placeholder {{text}} takes text or a number, not Markup", markupInATextSlot.getMessage());
    }

    @Test
    void aValueThatIsNeitherTextNorANumberIsRefusedRatherThanPrintedAsItsToString() {
        Template template = Template.of("<p>{{name}}</p>");

        assertThrows(IllegalStateException.class, () -> template.render(Map.of("name", Optional.of("a"))));
    }

    @Test
    void aBooleanAttributeIsWrittenOnlyWhenTrue() {
        Template template = Template.of("<input type=\"checkbox\" {{checked if on}}>");

        assertEquals(
                "<input type=\"checkbox\" checked>",
                template.render(Map.of("on", true)).toString());
        assertEquals(
                "<input type=\"checkbox\" >",
                template.render(Map.of("on", false)).toString());
        assertThrows(IllegalStateException.class, () -> template.render(Map.of("on", "true")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<p class={{name}}>x</p>",
                "<p {{name}}>x</p>",
                "<{{name}}>",
                "<script src=\"/a.js\">var a = '{{name}}';</script>",
                "<style>p { color: {{name}} }</style>",
                "<p title=\"{{{name}}}\">x</p>",
                "<p>{{checked if name}}</p>",
                "<p>{{na-me}}</p>",
                "<p>{{name</p>",
                "<p>{{name}} {{{name}}}</p>"
            })
    void aPlaceholderWhereEscapingCannotProtectItIsRefusedWhenTheTemplateIsMade(String source) {
        assertThrows(IllegalArgumentException.class, () -> Template.of(source));
    }

    @Test
    void aPlaceholderAfterAScriptOrStyleElementIsInElementContentAgain() {
        Template template = Template.of("<script src=\"/a.js\" defer></script><p>{{name}}</p>");

        assertEquals(
                "<script src=\"/a.js\" defer></script><p>&lt;b&gt;</p>",
                template.render(Map.of("name", "<b>")).toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)",
                "JavaScript:alert(1)",
                " javascript:alert(1)",
                "java\tscript:alert(1)",
                "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)"
            })
    void aUrlAttributeRefusesAValueABrowserWouldRun(String url) {
        Template template = Template.of("<a href=\"{{url}}\">{{url}}</a>");

        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> template.render(Map.of("url", url)));

        assertTrue(refused.getMessage().contains("{{url}} in href"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/ai-app/labelgate",
                "http://127.0.0.1:8080/ai-app/",
                "HTTPS://example.com/a?b=c:d",
                "relative/path:with-colon"
            })
    void aUrlAttributeTakesPathsAndHttpUrls(String url) {
        Template template = Template.of("<a href=\"{{url}}\">x</a>");

        assertEquals(
                "<a href=\"" + Html.escape(url) + "\">x</a>",
                template.render(Map.of("url", url)).toString());
    }

    @Test
    void aPlaceholderLaterInAUrlAttributeIsEscapedText() {
        Template template = Template.of("<a href=\"/apps/{{id}}\">x</a>");

        assertEquals(
                "<a href=\"/apps/javascript:&lt;x&gt;\">x</a>",
                template.render(Map.of("id", "javascript:<x>")).toString());
    }
}
