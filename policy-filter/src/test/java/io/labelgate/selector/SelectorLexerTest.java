package io.labelgate.selector;

import io.labelgate.selector.SelectorParser.Kind;
import io.labelgate.selector.SelectorParser.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SelectorLexerTest {

    // Ported from TestLexer, kubernetes/kubernetes
    // staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go.
    // Kubernetes' '!' token is DoesNotExistToken; labelgate calls it BANG.
    static Stream<Arguments> singleTokens() {
        return Stream.of(
                arguments("", Kind.END),
                arguments(",", Kind.COMMA),
                arguments("notin", Kind.NOT_IN),
                arguments("in", Kind.IN),
                arguments("=", Kind.EQUALS),
                arguments("==", Kind.DOUBLE_EQUALS),
                arguments(">", Kind.GREATER_THAN),
                arguments("<", Kind.LESS_THAN),
                // the lexer returns the longest valid token found
                arguments("!", Kind.BANG),
                arguments("!=", Kind.NOT_EQUALS),
                arguments("(", Kind.OPEN_PAREN),
                arguments(")", Kind.CLOSE_PAREN),
                // non-"special" characters are part of an identifier
                arguments("~", Kind.IDENTIFIER),
                arguments("||", Kind.IDENTIFIER));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("singleTokens")
    void lexesEachTokenWithItsLiteral(String input, Kind kind) {
        List<Token> tokens = SelectorParser.tokenize(input);
        assertEquals(kind, tokens.get(0).kind());
        assertEquals(input, tokens.get(0).text());
    }

    // Ported from TestLexerSequence and TestParserLookahead (same file); labelgate additions below.
    static Stream<Arguments> sequences() {
        return Stream.of(
                arguments("key in ( value )", "IDENTIFIER IN OPEN_PAREN IDENTIFIER CLOSE_PAREN"),
                arguments("key notin ( value )", "IDENTIFIER NOT_IN OPEN_PAREN IDENTIFIER CLOSE_PAREN"),
                arguments(
                        "key in ( value1, value2 )",
                        "IDENTIFIER IN OPEN_PAREN IDENTIFIER COMMA IDENTIFIER CLOSE_PAREN"),
                arguments("key", "IDENTIFIER"),
                arguments("!key", "BANG IDENTIFIER"),
                arguments("()", "OPEN_PAREN CLOSE_PAREN"),
                arguments("x in (),y", "IDENTIFIER IN OPEN_PAREN CLOSE_PAREN COMMA IDENTIFIER"),
                arguments("== != (), = notin", "DOUBLE_EQUALS NOT_EQUALS OPEN_PAREN CLOSE_PAREN COMMA EQUALS NOT_IN"),
                arguments("key>2", "IDENTIFIER GREATER_THAN IDENTIFIER"),
                arguments("key<1", "IDENTIFIER LESS_THAN IDENTIFIER"),
                // labelgate: longest match, then the rest, as in Kubernetes' scanSpecialSymbol
                arguments("!==", "NOT_EQUALS EQUALS"),
                arguments("===", "DOUBLE_EQUALS EQUALS"),
                arguments("x!y", "IDENTIFIER BANG IDENTIFIER"),
                // labelgate: NUL is an ordinary character (Kubernetes' lexer stops at it)
                arguments("a\u0000b", "IDENTIFIER"),
                arguments(" \t\r\n", ""));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("sequences")
    void lexesSequencesAndEndsWithEnd(String input, String kinds) {
        List<Token> tokens = SelectorParser.tokenize(input);
        String expected = kinds.isEmpty() ? "END" : kinds + " END";
        assertEquals(expected, tokens.stream().map(t -> t.kind().name()).collect(Collectors.joining(" ")));
    }

    @Test
    void recordsWhereEachTokenStarts() {
        List<Token> tokens = SelectorParser.tokenize("key in ( value1, value2 )");
        assertEquals(
                List.of(0, 4, 7, 9, 15, 17, 24, 25),
                tokens.stream().map(Token::position).collect(Collectors.toList()));
        assertEquals(
                Arrays.asList("key", "in", "(", "value1", ",", "value2", ")", ""),
                tokens.stream().map(Token::text).collect(Collectors.toList()));
    }
}
