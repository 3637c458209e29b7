package io.labelgate.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.labelgate.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest a bundle signature holds for one file, computed the way OPA's bundle signer does: the
 * bytes of a policy or Wasm file as they are, and for a structured document ({@code .manifest},
 * {@code data.json}) its JSON value in a canonical form (objects with keys in byte order, no
 * whitespace, strings escaped as Go's encoder does, numbers as written), so reformatting a JSON
 * file does not change its digest but changing a value does.
 *
 * <p>Only SHA-256, SHA-384 and SHA-512 are accepted: OPA also offers MD5 and SHA-1, under which a
 * tampered file could be made to match.
 */
final class SignatureHash {

    private static final Map<String, String> ALGORITHMS =
            Map.of("SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");
    /** The shared mapper's parser factory: a repeated member is malformed here too. */
    private static final JsonFactory JSON = Json.mapper().getFactory();

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SignatureHash() {}

    /** Whether labelgate accepts a signature's hashing algorithm of this name. */
    static boolean accepts(String algorithm) {
        return ALGORITHMS.containsKey(algorithm);
    }

    /** Whether OPA hashes a file of this name as a JSON document. */
    static boolean structured(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.equals("data.json") || base.equals(".manifest");
    }

    /** The digest, in lower-case hex, of a file of this name and content. */
    static String of(String algorithm, String name, byte[] content) throws BundleException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(ALGORITHMS.get(algorithm));
        } catch (NoSuchAlgorithmException | NullPointerException e) {
            throw new BundleException(
                    "the signature hashes " + name + " with " + algorithm + "; labelgate accepts only "
                            + String.join(", ", new TreeMap<>(ALGORITHMS).keySet()),
                    e);
        }
        digest.update(structured(name) ? canonical(name, content) : content);
        byte[] hash = digest.digest();
        char[] hex = new char[hash.length * 2];
        for (int i = 0; i < hash.length; i++) {
            hex[2 * i] = HEX[(hash[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[hash[i] & 0xf];
        }
        return new String(hex);
    }

    /** The canonical bytes of a JSON document. */
    static byte[] canonical(String name, byte[] json) throws BundleException {
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BundleException(name + " is empty, not JSON");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new BundleException(name + " holds more than one JSON value");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
            write(value, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new BundleException(name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A number exactly as written in the document: OPA hashes its literal text. */
    private record NumberText(String text) {}

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<byte[], Object> members = new TreeMap<>(Arrays::compareUnsigned);
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    byte[] key = parser.currentName().getBytes(StandardCharsets.UTF_8);
                    members.put(key, read(parser, parser.nextToken()));
                }
                return members;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    items.add(read(parser, next));
                }
                return items;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new NumberText(parser.getText());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + token);
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(Object value, ByteArrayOutputStream out) {
        if (value instanceof Map<?, ?> map) {
            out.write('{');
            boolean first = true;
            for (Map.Entry<byte[], Object> member : ((Map<byte[], Object>) map).entrySet()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                writeString(new String(member.getKey(), StandardCharsets.UTF_8), out);
                out.write(':');
                write(member.getValue(), out);
            }
            out.write('}');
        } else if (value instanceof List<?> list) {
            out.write('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                write(list.get(i), out);
            }
            out.write(']');
        } else if (value instanceof String string) {
            writeString(string, out);
        } else if (value instanceof NumberText number) {
            out.writeBytes(number.text().getBytes(StandardCharsets.US_ASCII));
        } else if (value == null) {
            out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes(value.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * A string as Go's {@code encoding/json} writes it with HTML escaping off: {@code "} and
     * {@code \} escaped, {@code \b \f \n \r \t} short, other control characters and U+2028/U+2029 as
     * {@code \}{@code u00XX}, everything else as UTF-8.
     */
    private static void writeString(String string, ByteArrayOutputStream out) {
        StringBuilder escaped = new StringBuilder(string.length() + 2).append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\u2028', '\u2029' -> escaped.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        out.writeBytes(escaped.append('"').toString().getBytes(StandardCharsets.UTF_8));
    }
}
