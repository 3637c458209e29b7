package io.labelgate.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an HTML page: its tags and their attribute names, in order, without text or
 * attribute values. A page rendered with hostile values must have the shape it has with plain
 * ones: a value that escaped its slot would add a tag or an attribute, or leave a quote open.
 */
final class HtmlShape {

    private static final Pattern TAG = Pattern.compile("<(/?[a-zA-Z][a-zA-Z0-9]*)([^<>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s*([a-zA-Z-]+)(=\"[^\"<>]*\")?");

    private HtmlShape() {}

    static List<String> of(String html) {
        List<String> shape = new ArrayList<>();
        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            shape.add("<" + tag.group(1));
            String attributes = tag.group(2);
            Matcher attribute = ATTRIBUTE.matcher(attributes);
            int at = 0;
            while (attribute.find(at) && attribute.start() == at) {
                shape.add(attribute.group(1));
                at = attribute.end();
            }
            String left = attributes.substring(at).strip();
            if (!left.isEmpty() && !left.equals("/")) {
                shape.add("unparsed:" + left);
            }
        }
        return shape;
    }
}
