package io.labelgate.decision;

import com.styra.opa.wasm.OpaPolicy;
import com.styra.opa.wasm.OpaPolicyPool;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default engine: the policies compiled to WebAssembly ({@code opa build -t wasm}) and
 * evaluated in-process by opa-java-wasm, with Chicory's compiler turning the module into JVM
 * bytecode.
 *
 * <p>An {@link OpaPolicy} instance is not thread-safe, so instances are pooled. A request waits at
 * most {@code acquireTimeout} for one; past that the engine reports a fault (503) rather than
 * queueing without bound. An instance that failed mid-evaluation is discarded, not reused.
 */
public final class EmbeddedWasmEngine implements DecisionEngine, AutoCloseable {

    /** The compiled policy inside the {@code labelgate-policies} jar. */
    public static final String BUNDLED_POLICY = "/io/labelgate/policies/authz.wasm";
    /** The entrypoint the policy is compiled with. */
    public static final String ENTRYPOINT = "labelgate/authz/decision";

    private static final Logger LOG = Logger.getLogger(EmbeddedWasmEngine.class.getName());
    /** Evaluations per instance at start, enough for the JVM to compile the module's hot code. */
    static final int WARM_UP_EVALUATIONS = 400;
    /** A well-formed input of the shape every request sends (what it decides does not matter). */
    private static final String WARM_UP_INPUT = DecisionJson.write(new DecisionInput(
            new DecisionInput.TokenInput("warm-up", "read", "GRA", false,
                    List.of(new DecisionInput.SelectorInput("group", "In", List.of("A")))),
            new DecisionInput.AppInput("00000000-0000-4000-8000-000000000000", "GRA",
                    Map.of("group", "A", "labelgate/id", "00000000-0000-4000-8000-000000000000")),
            new DecisionInput.RequestInput("GET", "/", "read")));

    private final OpaPolicyPool pool;
    private final int poolSize;
    private final Semaphore permits;
    private final long acquireTimeoutNanos;
    private final RequestScope requestScope;

    /**
     * An engine over any compiled policy: nothing is assumed about what of the request it reads.
     *
     * @param wasm           the compiled policy module
     * @param poolSize       how many evaluations may run at once
     * @param acquireTimeout how long a request waits for a free instance
     */
    public EmbeddedWasmEngine(byte[] wasm, int poolSize, Duration acquireTimeout) {
        this(wasm, poolSize, acquireTimeout, RequestScope.METHOD_PATH_AND_ACTION);
    }

    private EmbeddedWasmEngine(byte[] wasm, int poolSize, Duration acquireTimeout, RequestScope requestScope) {
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
        byte[] module = wasm.clone();
        this.pool = OpaPolicyPool.create(() -> newInstance(module), poolSize);
        this.poolSize = poolSize;
        this.permits = new Semaphore(poolSize, true);
        this.acquireTimeoutNanos = acquireTimeout.toNanos();
        this.requestScope = requestScope;
        warmUp();
    }

    /**
     * Builds every instance now and evaluates a representative input on each
     * {@value #WARM_UP_EVALUATIONS} times, so a module that does not load or lacks the entrypoint
     * fails start-up rather than the first request, and requests do not pay the compile.
     *
     * <p>Chicory turns each instance's module into JVM classes of its own, which the JVM runs
     * interpreted until they are called often enough to be compiled. With warm caches an instance
     * is asked only on a cache miss, so left cold its code stayed interpreted for minutes: under
     * load, with 10,000 tokens, a miss cost about 2.4 ms of CPU instead of the 20 µs a compiled
     * evaluation takes (a JFR profile of the benchmark put 80 % of the request path's samples in
     * the cold evaluations). Warmed here, each instance starts compiled.
     */
    private void warmUp() {
        List<OpaPolicyPool.Loan> loans = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                loans.add(pool.borrow());
            }
            for (OpaPolicyPool.Loan loan : loans) {
                for (int i = 0; i < WARM_UP_EVALUATIONS; i++) {
                    DecisionJson.parseWasmResult(loan.policy().evaluate(WARM_UP_INPUT));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the policy", e);
        } catch (DecisionException | RuntimeException e) {
            throw new IllegalStateException("the compiled policy does not evaluate a well-formed input: " + e, e);
        } finally {
            loans.forEach(OpaPolicyPool.Loan::close);
        }
    }

    /**
     * The engine over the policy bundled in {@code labelgate-policies}, which reads the request's
     * action and never its method or path ({@link RequestScope#ACTION}).
     */
    public static EmbeddedWasmEngine bundled(int poolSize, Duration acquireTimeout) {
        return new EmbeddedWasmEngine(readBundledPolicy(), poolSize, acquireTimeout, RequestScope.ACTION);
    }

    /** The bytes of the bundled compiled policy. */
    public static byte[] readBundledPolicy() {
        try (InputStream in = EmbeddedWasmEngine.class.getResourceAsStream(BUNDLED_POLICY)) {
            if (in == null) {
                throw new IllegalStateException("the compiled policy " + BUNDLED_POLICY
                        + " is missing: is labelgate-policies on the class path?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the compiled policy " + BUNDLED_POLICY, e);
        }
    }

    private static OpaPolicy newInstance(byte[] module) {
        OpaPolicy policy = OpaPolicy.builder().withPolicy(module).build();
        if (!policy.entrypoints().containsKey(ENTRYPOINT)) {
            throw new IllegalStateException("the compiled policy has no entrypoint " + ENTRYPOINT
                    + "; it has " + policy.entrypoints().keySet());
        }
        return policy.entrypoint(ENTRYPOINT);
    }

    @Override
    public Decision decide(DecisionInput input) throws DecisionException {
        String json = DecisionJson.write(input);
        boolean acquired;
        try {
            acquired = permits.tryAcquire(acquireTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionException("interrupted while waiting for a policy instance", e);
        }
        if (!acquired) {
            throw new DecisionException("no policy instance free within the acquire timeout");
        }
        try {
            return evaluate(json);
        } finally {
            permits.release();
        }
    }

    @Override
    public RequestScope requestScope() {
        return requestScope;
    }

    /** The module is fixed for the engine's life: a decision holds until a key input changes. */
    @Override
    public boolean policyMayChangeUnseen() {
        return false;
    }

    /**
     * Takes one instance out of service until the returned handle is closed, as an evaluation in
     * progress does: for tests of a busy pool, which must not depend on how long an evaluation takes.
     */
    AutoCloseable occupyOneInstance() throws InterruptedException {
        permits.acquire();
        return permits::release;
    }

    private Decision evaluate(String json) throws DecisionException {
        OpaPolicyPool.Loan loan;
        try {
            loan = pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionException("interrupted while borrowing a policy instance", e);
        }
        String result;
        try {
            // the entrypoint was chosen once per instance: entrypoint(name) would look it up in the
            // module (a JSON dump and parse) on every call
            result = loan.policy().evaluate(json);
        } catch (RuntimeException evaluationFault) {
            // The instance's memory may be in any state: never evaluate with it again.
            loan.discard();
            LOG.log(Level.WARNING, "embedded policy evaluation failed", evaluationFault);
            throw new DecisionException("the embedded policy failed to evaluate", evaluationFault);
        } catch (Error fatal) {
            loan.discard();
            throw fatal;
        }
        loan.close();
        return DecisionJson.parseWasmResult(result);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "EmbeddedWasmEngine[" + ENTRYPOINT + "]";
    }
}
