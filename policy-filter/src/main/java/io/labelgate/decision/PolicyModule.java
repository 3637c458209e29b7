package io.labelgate.decision;

import java.util.Arrays;
import java.util.Objects;

/**
 * A compiled policy the embedded engine can run: the Wasm module ({@code opa build -t wasm}, with
 * entrypoint {@value EmbeddedWasmEngine#ENTRYPOINT}), the data its rules read as {@code data}, and
 * what a decision cache must know of it.
 *
 * @param wasm    the module's bytes (copied)
 * @param data    a JSON object, or {@link #NO_DATA}
 * @param scope   what of {@code input.request} the policy reads
 * @param caching how long its decisions may be remembered
 * @param name    what logs and readiness call it: where it came from and its revision; never a secret
 */
public record PolicyModule(byte[] wasm, String data, RequestScope scope, PolicyView.Caching caching, String name) {

    /** No data document: the module's rules read only the input. */
    public static final String NO_DATA = "{}";

    public PolicyModule {
        wasm = Objects.requireNonNull(wasm, "wasm").clone();
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(caching, "caching");
        Objects.requireNonNull(name, "name");
    }

    /** The module's bytes (a copy). */
    @Override
    public byte[] wasm() {
        return wasm.clone();
    }

    /**
     * labelgate's bundled policy: it reads the request's action and never its method or path
     * ({@link RequestScope#ACTION}), and nothing but its input.
     */
    public static PolicyModule builtIn() {
        return new PolicyModule(
                EmbeddedWasmEngine.readBundledPolicy(),
                NO_DATA,
                RequestScope.ACTION,
                PolicyView.Caching.UNTIL_EVICTED,
                "the built-in policy");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PolicyModule that
                && Arrays.equals(wasm, that.wasm)
                && data.equals(that.data)
                && scope == that.scope
                && caching == that.caching
                && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(wasm), data, scope, caching, name);
    }

    @Override
    public String toString() {
        return "PolicyModule[" + name + ", " + wasm.length + " bytes, " + scope + ", " + caching + "]";
    }
}
