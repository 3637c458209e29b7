package io.labelgate.config;

/**
 * What happens to decisions once made: remembered and logged ({@code labelgate.decision-cache.*},
 * {@code labelgate.decision-log.*}).
 *
 * @param cacheSize  decisions remembered, 0 for none ({@code labelgate.decision-cache.max-size}, default 10000)
 * @param logAllowed whether allowed decisions are logged at INFO too; refusals always are
 *                   ({@code labelgate.decision-log.allowed}, default {@code false})
 */
public record DecisionsConfig(int cacheSize, boolean logAllowed) {

    /** Reads its keys. */
    static DecisionsConfig read(ConfigReader config) {
        return new DecisionsConfig(
                config.nonNegativeInt("labelgate.decision-cache.max-size", 10_000),
                config.bool("labelgate.decision-log.allowed", false));
    }
}
