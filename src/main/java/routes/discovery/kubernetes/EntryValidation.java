package routes.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.discovery.kubernetes.EntryVerdict.Condition;
import routes.headers.HeaderRules;
import routes.secrets.Quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates one MCPServerEntry as ToolHive's operator does when Caravan runs without it, in the
 * operator's order: remoteUrl → RemoteURLValidated, groupRef → GroupRefValidated,
 * externalAuthConfigRef → ExternalAuthConfigValidated (only when set), caBundleRef →
 * CABundleRefValidated (only when set), headerForward → HeaderSecretRefsValidated (only when it
 * has Secret refs or a header problem), then Valid and the phase. Every check runs, so the status
 * lists every problem at once.
 * <p>
 * Decisions, where ToolHive's operator differs or says nothing:
 * <ul>
 * <li>An MCPGroup counts when it exists and its {@code status.phase} is Ready <em>or absent</em>:
 * standalone, no MCPGroup controller sets the phase. Any other phase is GroupRefNotReady.</li>
 * <li>A caBundleRef needs the ConfigMap <em>and</em> its key (default {@code ca.crt}): a bundle
 * without the key cannot be used (reason CABundleRefInvalid).</li>
 * <li>Header names (plain and from Secrets) are checked here with the gateway's own rules
 * ({@link HeaderRules}: an HTTP token, not one of ToolHive's restricted headers), so an entry is
 * never routed with a header the pipeline would refuse. ToolHive only rejects them at runtime.
 * Such problems land on HeaderSecretRefsValidated (reason InvalidHeaderName, or
 * InvalidHeaderForward for a wrong shape or a plain value with a line break), which is then
 * present even without Secret refs.</li>
 * <li>A malformed resource (wrong types, missing required fields) fails with a message naming
 * the field; problems no other condition covers (spec, transport, allowPrivateEndpoint) are
 * named in the Valid condition.</li>
 * <li>Any error from the API server other than "not found" (5xx, timeout, refused, 401/403)
 * gives an {@linkplain EntryVerdict#unknown unknown} verdict: keep the last status, try again
 * next round, as ToolHive requeues.</li>
 * </ul>
 * Secret values are never read into a message: only whether the Secret and its key exist.
 */
public final class EntryValidation {


    private static final Logger LOG = LoggerFactory.getLogger(EntryValidation.class);
    private static final String DEFAULT_CA_KEY = "ca.crt";

    private final KubernetesClient client;
    private final String namespace;
    private final RemoteUrlPolicy policy;

    public EntryValidation(KubernetesClient client, String namespace, RemoteUrlPolicy policy) {
        this.client = client;
        this.namespace = namespace;
        this.policy = policy;
    }


    /** Never throws: a broken entry gets a Failed verdict, an unreachable API server an unknown one. */
    public EntryVerdict validate(GenericKubernetesResource entry) {
        String name = entry.getMetadata() == null ? null : entry.getMetadata().getName();
        Long gen = entry.getMetadata() == null ? null : entry.getMetadata().getGeneration();
        long generation = gen == null ? 0 : gen;
        try {
            return new Run(name, generation).check(entry.getAdditionalProperties().get("spec"));
        } catch (KubernetesClientException e) {
            String why = "could not read a referenced resource (HTTP " + e.getCode() + "): keeping the last status";
            LOG.warn("MCPServerEntry {}: {}", Quote.of(name), why);
            return EntryVerdict.unknown(name, generation, why);
        } catch (RuntimeException e) {
            LOG.error("MCPServerEntry {}: validation failed unexpectedly", Quote.of(name), e);
            Condition valid = Condition.failed("Valid", "ConfigInvalid", "validation failed unexpectedly (see the gateway log)");
            return new EntryVerdict(name, generation, EntryVerdict.FAILED, valid.message(), List.of(valid), false);
        }
    }

    /** One validation: its conditions and the problems that belong to no other condition. */
    private final class Run {
        private final String name;
        private final long generation;
        private final List<Condition> conditions = new ArrayList<>();
        private final List<String> specProblems = new ArrayList<>();
        private final Map<String, Optional<Secret>> secrets = new HashMap<>();

        private Run(String name, long generation) {
            this.name = name;
            this.generation = generation;
        }

        EntryVerdict check(Object specValue) {
            if (!(specValue instanceof Map<?, ?> spec)) {
                specProblems.add("spec: must be an object");
                return verdict();
            }
            Object transport = spec.get("transport");
            if (!"sse".equals(transport) && !"streamable-http".equals(transport)) {
                specProblems.add("spec.transport: must be sse or streamable-http");
            }
            remoteUrl(spec);
            groupRef(spec.get("groupRef"));
            externalAuthConfigRef(spec.get("externalAuthConfigRef"));
            caBundleRef(spec.get("caBundleRef"));
            new HeaderForwardCheck().check(spec.get("headerForward"));
            return verdict();
        }

        private void remoteUrl(Map<?, ?> spec) {
            Object allow = spec.get("allowPrivateEndpoint");
            if (allow != null && !(allow instanceof Boolean)) {
                specProblems.add("spec.allowPrivateEndpoint: must be true or false");
            }
            Object url = spec.get("remoteUrl");
            String problem;
            if (url == null) {
                problem = "spec.remoteUrl: required";
            } else if (!(url instanceof String s)) {
                problem = "spec.remoteUrl: must be a string";
            } else {
                problem = policy.problem(s, Boolean.TRUE.equals(allow)).orElse(null);
            }
            conditions.add(problem == null ? Condition.ok("RemoteURLValidated", "RemoteURLValid", "Remote URL is valid")
                    : Condition.failed("RemoteURLValidated", "RemoteURLInvalid", problem));
        }

        private void groupRef(Object ref) {
            String group = refName(ref);
            if (group == null) {
                conditions.add(Condition.failed("GroupRefValidated", "GroupRefInvalid",
                        "spec.groupRef.name: required (the MCPGroup this entry belongs to)"));
                return;
            }
            GenericKubernetesResource found = client.genericKubernetesResources(WorkloadKind.MCP_GROUP.context()).inNamespace(namespace)
                    .withName(group).get();
            if (found == null) {
                conditions.add(Condition.failed("GroupRefValidated", "GroupRefNotFound",
                        "MCPGroup '" + group + "' not found in namespace '" + namespace + "'"));
                return;
            }
            Object phase = found.getAdditionalProperties().get("status") instanceof Map<?, ?> status ? status.get("phase") : null;
            if (phase != null && !"Ready".equals(phase)) {
                conditions.add(Condition.failed("GroupRefValidated", "GroupRefNotReady",
                        "MCPGroup '" + group + "' is not ready (current phase: " + phase + ")"));
                return;
            }
            conditions.add(Condition.ok("GroupRefValidated", "GroupRefIsValid", "Referenced MCPGroup exists and is ready"));
        }

        private void externalAuthConfigRef(Object ref) {
            if (ref == null) {
                return;
            }
            String config = refName(ref);
            if (config == null) {
                conditions.add(Condition.failed("ExternalAuthConfigValidated", "AuthConfigNotFound",
                        "spec.externalAuthConfigRef.name: required"));
                return;
            }
            boolean exists = client.genericKubernetesResources(WorkloadKind.MCP_EXTERNAL_AUTH_CONFIG.context()).inNamespace(namespace)
                    .withName(config).get() != null;
            conditions.add(exists
                    ? Condition.ok("ExternalAuthConfigValidated", "AuthConfigValid", "Referenced MCPExternalAuthConfig exists")
                    : Condition.failed("ExternalAuthConfigValidated", "AuthConfigNotFound",
                    "MCPExternalAuthConfig '" + config + "' not found in namespace '" + namespace + "'"));
        }

        private void caBundleRef(Object ref) {
            if (ref == null) {
                return;
            }
            Object cmRef = ref instanceof Map<?, ?> m ? m.get("configMapRef") : null;
            String cmName = refName(cmRef);
            Object keyValue = cmRef instanceof Map<?, ?> m ? m.get("key") : null;
            if (cmName == null || (keyValue != null && !(keyValue instanceof String))) {
                conditions.add(Condition.failed("CABundleRefValidated", "CABundleRefInvalid", cmName == null
                        ? "spec.caBundleRef.configMapRef.name: required" : "spec.caBundleRef.configMapRef.key: must be a string"));
                return;
            }
            String key = keyValue == null || ((String) keyValue).isEmpty() ? DEFAULT_CA_KEY : (String) keyValue;
            ConfigMap cm = client.configMaps().inNamespace(namespace).withName(cmName).get();
            if (cm == null) {
                conditions.add(Condition.failed("CABundleRefValidated", "CABundleRefNotFound",
                        "CA bundle ConfigMap " + Quote.of(cmName) + " not found in namespace " + Quote.of(namespace)));
            } else if (!hasKey(cm.getData(), key) && !hasKey(cm.getBinaryData(), key)) {
                conditions.add(Condition.failed("CABundleRefValidated", "CABundleRefInvalid",
                        "CA bundle ConfigMap " + Quote.of(cmName) + " has no key " + Quote.of(key)));
            } else {
                conditions.add(Condition.ok("CABundleRefValidated", "CABundleRefValid", "Referenced CA bundle ConfigMap exists"));
            }
        }

        /** spec.headerForward: shape, header names, plain values, and each Secret with its key. */
        private final class HeaderForwardCheck {
            /** wrong shapes and bad plain values: reason InvalidHeaderForward */
            private final List<String> malformed = new ArrayList<>();
            /** invalid or restricted header names: reason InvalidHeaderName */
            private final List<String> badNames = new ArrayList<>();
            /** missing Secrets or keys: reason HeaderSecretNotFound */
            private final List<String> missing = new ArrayList<>();
            private int secretRefs;

            void check(Object headerForward) {
                if (headerForward == null) {
                    return;
                }
                if (!(headerForward instanceof Map<?, ?> hf)) {
                    malformed.add("spec.headerForward: must be an object");
                } else {
                    plainHeaders(hf.get("addPlaintextHeaders"));
                    secretHeaders(hf.get("addHeadersFromSecret"));
                }
                List<String> all = new ArrayList<>(malformed);
                all.addAll(badNames);
                all.addAll(missing);
                if (!all.isEmpty()) {
                    String reason = !malformed.isEmpty() ? "InvalidHeaderForward"
                            : !badNames.isEmpty() ? "InvalidHeaderName" : "HeaderSecretNotFound";
                    conditions.add(Condition.failed("HeaderSecretRefsValidated", reason, String.join("; ", all)));
                } else if (secretRefs > 0) {
                    conditions.add(Condition.ok("HeaderSecretRefsValidated", "HeaderSecretsValid",
                            "All referenced header Secrets exist with required keys"));
                }
            }

            private void plainHeaders(Object plain) {
                if (plain == null) {
                    return;
                }
                if (!(plain instanceof Map<?, ?> headers)) {
                    malformed.add("spec.headerForward.addPlaintextHeaders: must be a map of header name to value");
                    return;
                }
                headers.forEach((header, value) -> {
                    String field = "spec.headerForward.addPlaintextHeaders[" + Quote.of(String.valueOf(header)) + "]";
                    headerName(field, String.valueOf(header));
                    if (!(value instanceof String s)) {
                        malformed.add(field + ": must be a string");
                    } else if (HeaderRules.valueProblem(s) != null) {
                        malformed.add(field + ": " + HeaderRules.valueProblem(s));
                    }
                });
            }

            private void secretHeaders(Object fromSecret) {
                if (fromSecret == null) {
                    return;
                }
                if (!(fromSecret instanceof List<?> refs)) {
                    malformed.add("spec.headerForward.addHeadersFromSecret: must be a list");
                    return;
                }
                for (int i = 0; i < refs.size(); i++) {
                    String field = "spec.headerForward.addHeadersFromSecret[" + i + "]";
                    if (!(refs.get(i) instanceof Map<?, ?> ref)) {
                        malformed.add(field + ": must be an object with headerName and valueSecretRef");
                        continue;
                    }
                    Object header = ref.get("headerName");
                    Object valueRef = ref.get("valueSecretRef");
                    String secret = refName(valueRef);
                    Object key = valueRef instanceof Map<?, ?> m ? m.get("key") : null;
                    if (!(header instanceof String h)) {
                        malformed.add(field + ".headerName: required");
                        continue;
                    }
                    if (secret == null || !(key instanceof String k) || k.isEmpty()) {
                        malformed.add(field + ".valueSecretRef: needs a name and a key");
                        continue;
                    }
                    secretRefs++;
                    headerName(field + ".headerName", h);
                    secretKey(secret, k, h);
                }
            }

            private void headerName(String field, String header) {
                String problem = HeaderRules.nameProblem(header);
                if (problem != null) {
                    badNames.add(field + ": " + problem);
                }
            }

            private void secretKey(String secretName, String key, String header) {
                Optional<Secret> secret = secrets.computeIfAbsent(secretName,
                        n -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(n).get()));
                if (secret.isEmpty()) {
                    missing.add("Secret " + Quote.of(secretName) + " referenced for header " + Quote.of(header) + " not found");
                } else if (!hasKey(secret.get().getData(), key) && !hasKey(secret.get().getStringData(), key)) {
                    missing.add("Secret " + Quote.of(secretName) + " has no key " + Quote.of(key)
                            + " referenced for header " + Quote.of(header));
                }
            }
        }

        private EntryVerdict verdict() {
            boolean conditionsOk = conditions.stream().allMatch(Condition::isTrue);
            if (specProblems.isEmpty() && conditionsOk) {
                conditions.add(Condition.ok("Valid", "ConfigValid", "All referenced resources are valid"));
                return new EntryVerdict(name, generation, EntryVerdict.VALID, "All referenced resources are valid", conditions,
                        false);
            }
            List<String> validText = new ArrayList<>(specProblems);
            if (!conditionsOk) {
                validText.add("One or more referenced resources are missing or invalid");
            }
            conditions.add(Condition.failed("Valid", "ConfigInvalid", String.join("; ", validText)));
            List<String> why = new ArrayList<>(specProblems);
            conditions.stream().filter(c -> !c.isTrue() && !c.type().equals("Valid")).forEach(c -> why.add(c.message()));
            return new EntryVerdict(name, generation, EntryVerdict.FAILED, String.join("; ", why), conditions, false);
        }
    }

    /** The non-empty {@code name} of a {@code {name: …}} reference, or null. */
    private static String refName(Object ref) {
        return ref instanceof Map<?, ?> m && m.get("name") instanceof String s && !s.isEmpty() ? s : null;
    }

    private static boolean hasKey(Map<String, String> map, String key) {
        return map != null && map.containsKey(key);
    }
}
