package io.labelgate.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.decision.PolicyModule;
import io.labelgate.decision.PolicyView;
import io.labelgate.decision.RequestScope;
import io.labelgate.json.Json;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OPA bundle as the embedded engine runs it, read from the archive {@code opa build -t wasm -e
 * labelgate/authz/decision} writes:
 * <ul>
 *   <li>{@code .manifest} (optional): its {@code revision}, the Wasm module of the entrypoint
 *       ({@code wasm} resolvers), and what labelgate's {@code policies/bundle.sh} found the policy
 *       reads: {@code metadata.labelgate.request} (fields of {@code input.request}) and
 *       {@code metadata.labelgate.deterministic} (false when it reads the clock or the network);</li>
 *   <li>the Wasm module, {@code policy.wasm} unless the manifest names another;</li>
 *   <li>{@code data.json} files (optional), each placed at its directory's path under {@code data},
 *       as OPA does;</li>
 *   <li>{@code .signatures.json}, checked when a verification key is configured.</li>
 * </ul>
 *
 * <p>A bundle whose manifest says nothing of what it reads is keyed on the whole request and its
 * decisions are remembered for the revocation bound only: labelgate cannot tell what it depends on.
 */
public final class PolicyBundle {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String DEFAULT_MODULE = "policy.wasm";

    private PolicyBundle() {}

    /**
     * The policy in this archive, checked against the verifier when there is one.
     *
     * @param archive  the {@code .tar.gz} bytes
     * @param verifier the signature check, when a verification key is configured
     * @param origin   where the archive came from, for the policy's name (never a credential)
     * @throws BundleException saying why the bundle is refused
     */
    public static PolicyModule read(byte[] archive, Optional<BundleVerifier> verifier, String origin)
            throws BundleException {
        Map<String, byte[]> files = BundleArchive.read(archive);
        for (String name : files.keySet()) {
            if (name.endsWith("/" + BundleVerifier.SIGNATURES)) {
                throw new BundleException("the bundle holds " + name + "; its only signatures file is "
                        + BundleVerifier.SIGNATURES + " at its root");
            }
        }
        if (verifier.isPresent()) {
            verifier.get().verify(files);
        } else if (files.containsKey(BundleVerifier.SIGNATURES)) {
            throw new BundleException("the bundle is signed, but no verification key is configured "
                    + "(labelgate.policy.bundle.verification-key): a signature labelgate cannot check is refused");
        }
        JsonNode manifest =
                files.containsKey(".manifest") ? json(".manifest", files.get(".manifest")) : MAPPER.createObjectNode();
        if (!manifest.isObject()) {
            throw new BundleException("the bundle's .manifest is not a JSON object");
        }
        String module = wasmModule(manifest);
        byte[] wasm = files.get(module);
        if (wasm == null) {
            throw new BundleException("the bundle holds no Wasm module " + module + ": build it with opa build "
                    + "--target wasm --entrypoint " + EmbeddedWasmEngine.ENTRYPOINT);
        }
        for (String name : files.keySet()) {
            if (name.endsWith(".yaml")
                            && name.substring(name.lastIndexOf('/') + 1).startsWith("data.")
                    || name.endsWith("data.yml")) {
                throw new BundleException("the bundle holds YAML data (" + name + "); labelgate reads data.json only");
            }
        }
        JsonNode labelgate = manifest.path("metadata").path("labelgate");
        RequestScope scope = RequestScope.METHOD_PATH_AND_ACTION;
        PolicyView.Caching caching = PolicyView.Caching.FOR_REVOCATION_BOUND;
        if (labelgate.isObject()) {
            scope = requestScope(labelgate.path("request"));
            JsonNode deterministic = labelgate.path("deterministic");
            if (!deterministic.isBoolean()) {
                throw new BundleException(
                        "the bundle's manifest metadata.labelgate.deterministic must be true or false");
            }
            caching = deterministic.asBoolean() ? PolicyView.Caching.UNTIL_EVICTED : PolicyView.Caching.NEVER;
        } else if (!labelgate.isMissingNode()) {
            throw new BundleException("the bundle's manifest metadata.labelgate must be an object");
        }
        String revision = manifest.path("revision").asText("");
        String name = origin + " (revision " + (revision.isEmpty() ? "unnamed" : "\"" + revision + "\"") + ", sha256 "
                + sha256(archive).substring(0, 12) + ")";
        return new PolicyModule(wasm, data(files), scope, caching, name);
    }

    private static String wasmModule(JsonNode manifest) throws BundleException {
        for (JsonNode resolver : manifest.path("wasm")) {
            if (EmbeddedWasmEngine.ENTRYPOINT.equals(resolver.path("entrypoint").asText())) {
                String module = resolver.path("module").asText("");
                while (module.startsWith("/")) {
                    module = module.substring(1);
                }
                if (module.isEmpty()) {
                    throw new BundleException(
                            "the bundle's manifest names no module for " + EmbeddedWasmEngine.ENTRYPOINT);
                }
                return module;
            }
        }
        return DEFAULT_MODULE;
    }

    private static RequestScope requestScope(JsonNode fields) throws BundleException {
        if (!fields.isArray()) {
            throw new BundleException("the bundle's manifest metadata.labelgate.request must list the fields of "
                    + "input.request the policy reads, e.g. [\"action\", \"path\"]");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode field : fields) {
            names.add(field.asText());
        }
        try {
            return RequestScope.reading(names);
        } catch (IllegalArgumentException e) {
            throw new BundleException("the bundle's manifest metadata.labelgate.request: " + e.getMessage(), e);
        }
    }

    /** Every {@code data.json}, placed at its directory's path; two documents for one path refuse the bundle. */
    private static String data(Map<String, byte[]> files) throws BundleException {
        ObjectNode root = MAPPER.createObjectNode();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String name = file.getKey();
            if (!name.equals("data.json") && !name.endsWith("/data.json")) {
                continue;
            }
            JsonNode document = json(name, file.getValue());
            if (!document.isObject()) {
                throw new BundleException("the bundle's " + name + " is not a JSON object");
            }
            ObjectNode at = root;
            String directory = name.substring(0, name.length() - "data.json".length());
            for (String segment : directory.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                JsonNode child = at.get(segment);
                if (child == null) {
                    child = at.putObject(segment);
                } else if (!child.isObject()) {
                    throw new BundleException("the bundle's " + name + " conflicts with data at " + segment);
                }
                at = (ObjectNode) child;
            }
            for (Map.Entry<String, JsonNode> member : document.properties()) {
                if (at.has(member.getKey())) {
                    throw new BundleException("the bundle's " + name + " sets data." + directory.replace('/', '.')
                            + member.getKey() + ", which another data file sets too");
                }
                at.set(member.getKey(), member.getValue());
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new BundleException("cannot write the bundle's data", e);
        }
    }

    private static JsonNode json(String name, byte[] content) throws BundleException {
        try {
            return MAPPER.readTree(content);
        } catch (IOException e) {
            throw new BundleException("the bundle's " + name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of an archive, in hex: what names a bundle's bytes in logs, and tells a new one from the last. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
