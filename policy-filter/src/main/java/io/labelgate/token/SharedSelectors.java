package io.labelgate.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.labelgate.selector.Selector;
import io.labelgate.selector.SelectorSyntaxException;

import java.util.Objects;

/**
 * {@link Selector#parse}, handing out one instance per text while it is remembered: for the
 * selectors of verified tokens and of the registry's records, compared on every request (a
 * token's claims against its record, a decision's key against the cache's), where the same
 * instance compares at once and many tokens of one scope share one object. Internal, and only for
 * texts of trusted origin (a verified signature, the registry): what is remembered is bounded, but
 * an attacker's texts would crowd out the useful ones.
 */
public final class SharedSelectors {

    /** A few hundred distinct selectors is a lot; one not remembered is parsed again, no harm. */
    private static final Cache<String, Selector> BY_TEXT =
            Caffeine.newBuilder().maximumSize(1_024).build();

    private SharedSelectors() {}

    /**
     * The selector of a trusted text.
     *
     * @throws SelectorSyntaxException as {@link Selector#parse}; nothing is remembered of it
     */
    public static Selector parse(String text) {
        Objects.requireNonNull(text, "text");
        return BY_TEXT.get(text, Selector::parse);
    }
}
