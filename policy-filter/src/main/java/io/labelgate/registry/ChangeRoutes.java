package io.labelgate.registry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sends each change the feed brings to what keeps the state it is about: token states, signing
 * keys, the app's status, browser sessions. Routes are added while labelgate is assembled, before
 * the follower starts reading.
 */
public final class ChangeRoutes implements ChangeFollower.Listener {

    private final Map<Change.Kind, List<Consumer<String>>> routes = new EnumMap<>(Change.Kind.class);
    private final List<Runnable> reloads = new ArrayList<>();

    /** Sends the subject of every change of this kind to {@code apply}. */
    public ChangeRoutes on(Change.Kind kind, Consumer<String> apply) {
        routes.computeIfAbsent(Objects.requireNonNull(kind, "kind"), k -> new ArrayList<>())
                .add(Objects.requireNonNull(apply, "apply"));
        return this;
    }

    /** Runs {@code reload} when the feed had a gap and everything kept must be read anew. */
    public ChangeRoutes onReloadAll(Runnable reload) {
        reloads.add(Objects.requireNonNull(reload, "reload"));
        return this;
    }

    @Override
    public void apply(List<Change> changes) {
        for (Change change : changes) {
            for (Consumer<String> route : routes.getOrDefault(change.kind(), List.of())) {
                route.accept(change.subject());
            }
        }
    }

    @Override
    public void reloadAll() {
        reloads.forEach(Runnable::run);
    }
}
