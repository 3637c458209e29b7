package io.labelgate.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lexer and recursive-descent parser for the Kubernetes label selector grammar, after
 * {@code Lexer} and {@code Parser} in {@code k8s.io/apimachinery/pkg/labels/selector.go}:
 *
 * <pre>
 * selector     ::= "" | requirement ( "," requirement )*
 * requirement  ::= "!" KEY | KEY [ set-restriction | exact-restriction ]
 * set-restriction   ::= ( "in" | "notin" ) "(" [ VALUE ] ( "," [ VALUE ] )* ")"
 * exact-restriction ::= ( "=" | "==" | "!=" ) [ VALUE ]
 * </pre>
 *
 * White space ({@code ' '}, tab, CR, LF) may appear between any two tokens. An omitted
 * {@code VALUE} is the empty value, so {@code x=}, {@code x in ()} and {@code x in (a,,b)} are
 * valid. The words {@code in} and {@code notin} are operators only where an operator is expected;
 * elsewhere they are ordinary keys or values.
 *
 * <p>Deviations from Kubernetes, all towards refusing more: {@code >} and {@code <} are refused
 * with an explicit reason; a NUL character is an ordinary (invalid) character, where Kubernetes'
 * lexer takes it as the end of the input; input longer than {@value #MAX_LENGTH} characters is
 * refused before it is read.
 */
final class SelectorParser {

    /** Longest selector text accepted, in characters. */
    static final int MAX_LENGTH = 4096;

    private static final String OPERATORS = "=, ==, !=, in or notin";

    /** Token kinds of the lexer. */
    enum Kind {
        IDENTIFIER,
        IN,
        NOT_IN,
        EQUALS,
        DOUBLE_EQUALS,
        NOT_EQUALS,
        BANG,
        OPEN_PAREN,
        CLOSE_PAREN,
        COMMA,
        GREATER_THAN,
        LESS_THAN,
        END
    }

    /** A token, with the 0-based index of its first character in the input. */
    record Token(Kind kind, String text, int position) {}

    private final List<Token> tokens;
    private int next;

    private SelectorParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Selector parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new SelectorSyntaxException(MAX_LENGTH, "selector is longer than " + MAX_LENGTH + " characters");
        }
        return new SelectorParser(tokenize(text)).parseSelector();
    }

    /**
     * Splits {@code text} into tokens, the last one always {@link Kind#END}. Like Kubernetes'
     * lexer, every run of characters that are neither white space nor one of {@code =!(),<>} is a
     * single identifier (validated later as a key or value), and {@code !=} and {@code ==} are
     * read as one token.
     */
    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (true) {
            while (i < n && isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i == n) {
                tokens.add(new Token(Kind.END, "", n));
                return tokens;
            }
            int start = i;
            char c = text.charAt(i);
            if (isSpecial(c)) {
                boolean followedByEquals = i + 1 < n && text.charAt(i + 1) == '=';
                Kind kind;
                if (c == '=' && followedByEquals) {
                    kind = Kind.DOUBLE_EQUALS;
                    i += 2;
                } else if (c == '!' && followedByEquals) {
                    kind = Kind.NOT_EQUALS;
                    i += 2;
                } else {
                    kind = switch (c) {
                        case '=' -> Kind.EQUALS;
                        case '!' -> Kind.BANG;
                        case '(' -> Kind.OPEN_PAREN;
                        case ')' -> Kind.CLOSE_PAREN;
                        case ',' -> Kind.COMMA;
                        case '>' -> Kind.GREATER_THAN;
                        default -> Kind.LESS_THAN;
                    };
                    i++;
                }
                tokens.add(new Token(kind, text.substring(start, i), start));
            } else {
                while (i < n && !isSpecial(text.charAt(i)) && !isWhitespace(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(start, i);
                Kind kind = switch (word) {
                    case "in" -> Kind.IN;
                    case "notin" -> Kind.NOT_IN;
                    default -> Kind.IDENTIFIER;
                };
                tokens.add(new Token(kind, word, start));
            }
        }
    }

    private Selector parseSelector() {
        if (peek().kind() == Kind.END) {
            return Selector.empty();
        }
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            Token first = peek();
            if (first.kind() != Kind.BANG && !isWord(first)) {
                throw error(
                        first,
                        (requirements.isEmpty() ? "expected a key or '!'" : "expected a requirement after ','")
                                + ", found " + describe(first));
            }
            requirements.add(parseRequirement());
            Token separator = consume();
            if (separator.kind() == Kind.END) {
                return new Selector(requirements);
            }
            if (separator.kind() != Kind.COMMA) {
                throw error(separator, "expected ',' or end of input, found " + describe(separator));
            }
        }
    }

    private Requirement parseRequirement() {
        Token keyToken = consume();
        if (keyToken.kind() == Kind.BANG) {
            keyToken = consume();
            if (!isWord(keyToken)) {
                throw error(keyToken, "expected a key after '!', found " + describe(keyToken));
            }
            // '!key' takes no operator: whatever follows is checked by parseSelector.
            return Requirement.doesNotExist(checkedKey(keyToken));
        }
        String key = checkedKey(keyToken);
        Kind following = peek().kind();
        if (following == Kind.END || following == Kind.COMMA) {
            return Requirement.exists(key);
        }
        Token operator = consume();
        return switch (operator.kind()) {
            case EQUALS, DOUBLE_EQUALS -> new Requirement(key, Operator.IN, List.of(parseExactValue()));
            case NOT_EQUALS -> new Requirement(key, Operator.NOT_IN, List.of(parseExactValue()));
            case IN -> new Requirement(key, Operator.IN, parseValueSet(operator));
            case NOT_IN -> new Requirement(key, Operator.NOT_IN, parseValueSet(operator));
            case GREATER_THAN, LESS_THAN ->
                throw error(operator, "operator '" + operator.text() + "' is not supported; use " + OPERATORS);
            default -> throw error(operator, "expected an operator (" + OPERATORS + "), found " + describe(operator));
        };
    }

    /** The value after {@code =}, {@code ==} or {@code !=}; empty when none follows. */
    private String parseExactValue() {
        Kind following = peek().kind();
        if (following == Kind.END || following == Kind.COMMA) {
            return "";
        }
        Token value = consume();
        if (!isWord(value)) {
            throw error(value, "expected a value, found " + describe(value));
        }
        return checkedValue(value);
    }

    /** {@code "(" [VALUE] ("," [VALUE])* ")"}, each omitted value being the empty value. */
    private List<String> parseValueSet(Token operator) {
        Token open = consume();
        if (open.kind() != Kind.OPEN_PAREN) {
            throw error(open, "expected '(' after '" + operator.text() + "', found " + describe(open));
        }
        List<String> values = new ArrayList<>();
        while (true) {
            Token token = peek();
            boolean valueGiven = isWord(token);
            if (valueGiven) {
                values.add(checkedValue(consume()));
                token = peek();
            } else {
                values.add("");
            }
            if (token.kind() == Kind.CLOSE_PAREN) {
                consume();
                return values;
            }
            if (token.kind() != Kind.COMMA) {
                throw error(
                        token,
                        (valueGiven ? "expected ',' or ')'" : "expected a value, ',' or ')'") + ", found "
                                + describe(token));
            }
            consume();
        }
    }

    private static String checkedKey(Token token) {
        try {
            Labels.validateKey(token.text());
            return token.text();
        } catch (LabelSyntaxException e) {
            throw new SelectorSyntaxException(token.position(), e.getMessage(), e);
        }
    }

    private static String checkedValue(Token token) {
        try {
            Labels.validateValue(token.text());
            return token.text();
        } catch (LabelSyntaxException e) {
            throw new SelectorSyntaxException(token.position(), e.getMessage(), e);
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token consume() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    /** Keys and values: identifiers, and the words in/notin where no operator is expected. */
    private static boolean isWord(Token token) {
        return token.kind() == Kind.IDENTIFIER || token.kind() == Kind.IN || token.kind() == Kind.NOT_IN;
    }

    private static String describe(Token token) {
        return switch (token.kind()) {
            case END -> "end of input";
            case IDENTIFIER, IN, NOT_IN -> Excerpt.quote(token.text());
            default -> "'" + token.text() + "'";
        };
    }

    private static SelectorSyntaxException error(Token token, String reason) {
        return new SelectorSyntaxException(token.position(), reason);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }
}
