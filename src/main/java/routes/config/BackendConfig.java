package routes.config;

import routes.kernel.BackendSpec;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code backends[]} in a ToolHive vMCP config (static mode).
 *
 * @param name          the workload name, DNS-1123; used in tool prefixes and every message
 * @param url           http or https MCP endpoint
 * @param transport     streamable-http or sse
 * @param caBundlePath  extra PEM trust for this backend, or null
 * @param type          ToolHive's backend type: "" for a workload, "entry" for an MCPServerEntry
 * @param metadata      free-form labels, carried for status and logs
 * @param headerForward headers to add to every request to this backend
 * @param caBundleData  extra PEM trust for this backend given inline, or null (at most one of the two)
 */
public record BackendConfig(String name, URI url, BackendSpec.Transport transport, Path caBundlePath, String type,
                            Map<String, String> metadata, HeaderForwardConfig headerForward, String caBundleData) {

    public BackendConfig(String name, URI url, BackendSpec.Transport transport, Path caBundlePath, String type,
                         Map<String, String> metadata, HeaderForwardConfig headerForward) {
        this(name, url, transport, caBundlePath, type, metadata, headerForward, null);
    }

    public BackendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        type = type == null ? "" : type;
        metadata = ConfigCollections.orderedCopy(metadata);
        headerForward = headerForward == null ? HeaderForwardConfig.NONE : headerForward;
    }
}
