package routes.config;

import java.util.List;

/**
 * ToolHive's {@code audit} section ({@code pkg/audit/config.go}). As in vMCP, the section's presence
 * turns the audit log on ({@code enabled} is not read): {@link #NONE} is "no section".
 *
 * @param on                      the section is present
 * @param component               the {@code component} of every event; defaults to the gateway's name
 * @param eventTypes              only these event types ({@code mcp_tool_call}, ...); empty: all
 * @param excludeEventTypes       never these; wins over {@code eventTypes}
 * @param includeRequestData      the request's params in {@code data.request}
 * @param includeResponseData     the reply's result or error in {@code data.response}
 * @param detectApplicationErrors a JSON-RPC error reply, or a tool result with {@code isError}, is
 *                                outcome {@code application_error} rather than {@code success}
 * @param maxDataSize             the most bytes of request or response data kept in an event
 * @param logFile                 append events to this file; null: the {@code caravan.audit} logger
 */
public record AuditConfig(boolean on, String component, List<String> eventTypes, List<String> excludeEventTypes,
                          boolean includeRequestData, boolean includeResponseData, boolean detectApplicationErrors,
                          int maxDataSize, String logFile) {

    /** ToolHive's default for maxDataSize (1 KiB). */
    public static final int DEFAULT_MAX_DATA_SIZE = 1024;

    /** No audit section: no audit log. */
    public static final AuditConfig NONE = new AuditConfig(false, "", List.of(), List.of(), false, false, true,
            DEFAULT_MAX_DATA_SIZE, null);

    /** Every event type ToolHive's audit accepts in eventTypes and excludeEventTypes. */
    public static final List<String> EVENT_TYPES = List.of("mcp_initialize", "mcp_tool_call", "mcp_tools_list",
            "mcp_resource_read", "mcp_resources_list", "mcp_prompt_get", "mcp_prompts_list", "mcp_notification",
            "mcp_ping", "mcp_logging", "mcp_completion", "mcp_roots_list_changed", "workflow_started",
            "workflow_completed", "workflow_failed", "workflow_timed_out", "workflow_step_started",
            "workflow_step_completed", "workflow_step_failed", "workflow_step_skipped", "mcp_request", "http_request");

    /** ToolHive's default audit config under this component (vMCP's --enable-audit uses "vmcp-server"). */
    public static AuditConfig defaults(String component) {
        return new AuditConfig(true, component, List.of(), List.of(), false, false, true, DEFAULT_MAX_DATA_SIZE, null);
    }

    public AuditConfig {
        component = component == null ? "" : component;
        eventTypes = ConfigCollections.copy(eventTypes);
        excludeEventTypes = ConfigCollections.copy(excludeEventTypes);
    }

    /** ToolHive's filter: excluded types never, else the listed ones (all when none are listed). */
    public boolean audits(String eventType) {
        if (!on || excludeEventTypes.contains(eventType)) {
            return false;
        }
        return eventTypes.isEmpty() || eventTypes.contains(eventType);
    }
}
