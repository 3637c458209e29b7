package io.labelgate.decision;

import com.fasterxml.jackson.databind.node.LongNode;
import com.styra.opa.wasm.OpaBuiltin;
import com.styra.opa.wasm.OpaPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default engine: the policies compiled to WebAssembly ({@code opa build -t wasm}) and
 * evaluated in-process by opa-java-wasm, with Chicory's compiler turning the module into JVM
 * bytecode.
 *
 * <p>The policy is labelgate's bundled one, or a deployer's bundle, which {@link #load} may replace
 * while the engine runs (hot reload).
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
            new DecisionInput.TokenInput(
                    "warm-up",
                    "read",
                    "GRA",
                    false,
                    List.of(new DecisionInput.SelectorInput("group", "In", List.of("A")))),
            new DecisionInput.AppInput(
                    "00000000-0000-4000-8000-000000000000",
                    "GRA",
                    Map.of("group", "A", "labelgate/id", "00000000-0000-4000-8000-000000000000")),
            new DecisionInput.RequestInput("GET", "/", "read")));
    /**
     * {@code time.now_ns()}, which OPA's Wasm compiler leaves to the host and opa-java-wasm does not
     * provide: the wall clock in nanoseconds since the epoch, for rules such as "no access on
     * weekends". A bundle that calls it says so in its manifest (not deterministic), and its
     * decisions are never remembered.
     */
    static final OpaBuiltin.Builtin TIME_NOW_NS = OpaBuiltin.from("time.now_ns", wasm -> {
        Instant now = Instant.now();
        return LongNode.valueOf(Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano()));
    });
    /** An input with nothing in it, which every policy labelgate runs must deny. */
    private static final String EMPTY_INPUT = "{}";

    private static final PolicyView NO_POLICY =
            new PolicyView(0, RequestScope.METHOD_PATH_AND_ACTION, PolicyView.Caching.NEVER);

    private final int poolSize;
    private final long acquireTimeoutNanos;
    private final AtomicLong revisions = new AtomicLong();
    private final List<Consumer<PolicyModule>> onReplace = new CopyOnWriteArrayList<>();
    /** The policy deciding now; null until the first one loads. */
    private volatile Running running;

    /**
     * One loaded policy: its idle instances, the permits that bound how many evaluate at once, and
     * what a cache must know of it.
     *
     * <p>Not opa-java-wasm's own pool: it resets an instance when it is returned, which drops the
     * data document and the chosen entrypoint, so every evaluation would load the data again. An
     * instance needs no reset between evaluations: each one sets the heap back to where the data
     * ends before it loads its input.
     */
    private static final class Running {
        final Supplier<OpaPolicy> factory;
        final Deque<OpaPolicy> idle = new ConcurrentLinkedDeque<>();
        final Semaphore permits;
        final PolicyView view;
        final String name;

        Running(Supplier<OpaPolicy> factory, int size, PolicyView view, String name) {
            this.factory = factory;
            this.permits = new Semaphore(size, true);
            this.view = view;
            this.name = name;
        }

        /** An instance to evaluate with, on a permit held: an idle one, or a new one. */
        OpaPolicy take() {
            OpaPolicy policy = idle.pollFirst();
            return policy != null ? policy : factory.get();
        }
    }

    /**
     * An engine over any compiled policy, fixed for its life: nothing is assumed about what of the
     * request it reads.
     *
     * @param wasm           the compiled policy module
     * @param poolSize       how many evaluations may run at once
     * @param acquireTimeout how long a request waits for a free instance
     */
    public EmbeddedWasmEngine(byte[] wasm, int poolSize, Duration acquireTimeout) {
        this(poolSize, acquireTimeout);
        load(new PolicyModule(
                wasm,
                PolicyModule.NO_DATA,
                RequestScope.METHOD_PATH_AND_ACTION,
                PolicyView.Caching.UNTIL_EVICTED,
                "a compiled policy"));
    }

    private EmbeddedWasmEngine(int poolSize, Duration acquireTimeout) {
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
        this.poolSize = poolSize;
        this.acquireTimeoutNanos = acquireTimeout.toNanos();
    }

    /**
     * An engine with no policy yet: until {@link #load} succeeds, every decision is a fault (503)
     * and {@link #ready()} says false. For a policy that comes from a bundle, which may be
     * unreachable at start-up.
     */
    public static EmbeddedWasmEngine awaitingPolicy(int poolSize, Duration acquireTimeout) {
        return new EmbeddedWasmEngine(poolSize, acquireTimeout);
    }

    /**
     * Compiles and checks a policy, then makes it the one every later decision uses, at once:
     * decisions already under way finish on the policy they started with. Listeners
     * ({@link #onReplace}) run after the swap. A policy that does not load or does not pass the
     * checks throws, and the running one keeps deciding. Loads are serialised, so revisions and
     * swaps happen in one order; decisions never wait for a load.
     *
     * @throws IllegalArgumentException saying why the policy was refused
     */
    public synchronized void load(PolicyModule policy) {
        Objects.requireNonNull(policy, "policy");
        byte[] module = policy.wasm();
        String data = policy.data();
        Running fresh = new Running(
                () -> newInstance(module, data),
                poolSize,
                new PolicyView(revisions.incrementAndGet(), policy.scope(), policy.caching()),
                policy.name());
        checkAndWarmUp(fresh);
        // the replaced instances are left to the garbage collector once the decisions under way
        // on them are done: nothing else refers to them
        running = fresh;
        onReplace.forEach(listener -> listener.accept(policy));
    }

    /** Runs after every policy {@link #load}ed, e.g. to forget decisions the previous one made. */
    public void onReplace(Consumer<PolicyModule> listener) {
        onReplace.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A short description of the policy deciding now, for logs and readiness; empty before the first. */
    public Optional<String> policyName() {
        Running current = running;
        return current == null ? Optional.empty() : Optional.of(current.name);
    }

    /**
     * Builds every instance now, checks the policy answers as labelgate's must, and evaluates a
     * representative input on each {@value #WARM_UP_EVALUATIONS} times, so a module that does
     * not load, lacks the entrypoint or answers otherwise is refused before it decides anything,
     * and requests do not pay the compile.
     *
     * <p>The checks: a well-formed input gets {@code {"allow": <boolean>, "reasons": [...]}}, and an
     * empty input is denied (a policy that allows what it cannot read fails open).
     *
     * <p>Chicory turns each instance's module into JVM classes of its own, which the JVM runs
     * interpreted until they are called often enough to be compiled. With warm caches an instance
     * is asked only on a cache miss, so left cold its code stayed interpreted for minutes: under
     * load, with 10,000 tokens, a miss cost about 2.4 ms of CPU instead of the 20 µs a compiled
     * evaluation takes (a JFR profile of the benchmark put 80 % of the request path's samples in
     * the cold evaluations). Warmed here, each instance starts compiled.
     */
    private void checkAndWarmUp(Running policy) {
        String name = policy.name;
        try {
            for (int i = 0; i < poolSize; i++) {
                policy.idle.add(policy.factory.get());
            }
            Decision probe = DecisionJson.parseWasmResult(policy.idle.getFirst().evaluate(EMPTY_INPUT));
            if (probe.allow()) {
                throw new IllegalArgumentException("the policy " + name + " allows an empty input: refused, "
                        + "a policy must deny what it cannot read");
            }
            for (OpaPolicy instance : policy.idle) {
                for (int i = 0; i < WARM_UP_EVALUATIONS; i++) {
                    DecisionJson.parseWasmResult(instance.evaluate(WARM_UP_INPUT));
                }
            }
        } catch (DecisionException | IllegalStateException e) {
            throw new IllegalArgumentException(
                    "the policy " + name + " does not answer as labelgate's must: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the policy " + name + " does not evaluate a well-formed input: " + e, e);
        }
    }

    /**
     * The engine over the policy bundled in {@code labelgate-policies}, which reads the request's
     * action and never its method or path ({@link RequestScope#ACTION}).
     */
    public static EmbeddedWasmEngine bundled(int poolSize, Duration acquireTimeout) {
        EmbeddedWasmEngine engine = new EmbeddedWasmEngine(poolSize, acquireTimeout);
        engine.load(PolicyModule.builtIn());
        return engine;
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

    private static OpaPolicy newInstance(byte[] module, String data) {
        OpaPolicy policy =
                OpaPolicy.builder().withPolicy(module).addBuiltins(TIME_NOW_NS).build();
        if (!policy.entrypoints().containsKey(ENTRYPOINT)) {
            throw new IllegalStateException("the compiled policy has no entrypoint " + ENTRYPOINT + "; it has "
                    + policy.entrypoints().keySet());
        }
        if (!PolicyModule.NO_DATA.equals(data)) {
            policy.data(data);
        }
        return policy.entrypoint(ENTRYPOINT);
    }

    @Override
    public Decision decide(DecisionInput input) throws DecisionException {
        Running current = running;
        if (current == null) {
            throw new DecisionException("no policy is loaded yet");
        }
        String json = DecisionJson.write(input);
        boolean acquired;
        try {
            acquired = current.permits.tryAcquire(acquireTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionException("interrupted while waiting for a policy instance", e);
        }
        if (!acquired) {
            throw new DecisionException("no policy instance free within the acquire timeout");
        }
        try {
            return evaluate(current, json);
        } finally {
            current.permits.release();
        }
    }

    /** The policy deciding now; before the first, a view whose decisions are never remembered. */
    @Override
    public PolicyView policyView() {
        Running current = running;
        return current == null ? NO_POLICY : current.view;
    }

    /** Whether a policy is loaded. */
    @Override
    public boolean ready() {
        return running != null;
    }

    /**
     * Takes one instance out of service until the returned handle is closed, as an evaluation in
     * progress does: for tests of a busy pool, which must not depend on how long an evaluation takes.
     */
    AutoCloseable occupyOneInstance() throws InterruptedException {
        Semaphore permits = running.permits;
        permits.acquire();
        return permits::release;
    }

    /** Evaluates on an instance of this policy, holding one of its permits. */
    private static Decision evaluate(Running policy, String json) throws DecisionException {
        OpaPolicy instance = policy.take();
        String result;
        try {
            // the entrypoint was chosen once per instance: entrypoint(name) would look it up in the
            // module (a JSON dump and parse) on every call
            result = instance.evaluate(json);
        } catch (RuntimeException evaluationFault) {
            // The instance's memory may be in any state: it is dropped, never evaluated with again.
            LOG.log(Level.WARNING, "embedded policy evaluation failed", evaluationFault);
            throw new DecisionException("the embedded policy failed to evaluate", evaluationFault);
        }
        policy.idle.offerFirst(instance);
        return DecisionJson.parseWasmResult(result);
    }

    /** Drops the idle instances; decisions under way finish. */
    @Override
    public void close() {
        Running current = running;
        if (current != null) {
            current.idle.clear();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedWasmEngine[" + ENTRYPOINT + "]";
    }
}
