package routes.audit;

/** ToolHive's audit event types ({@code pkg/audit/mcp_events.go}) for the MCP methods. */
final class AuditEventType {

    static final String TOOL_CALL = "mcp_tool_call";

    private AuditEventType() {
    }

    static String of(String method) {
        return switch (method) {
            case "initialize" -> "mcp_initialize";
            case "tools/call" -> TOOL_CALL;
            case "tools/list" -> "mcp_tools_list";
            case "resources/read" -> "mcp_resource_read";
            case "resources/list" -> "mcp_resources_list";
            case "prompts/get" -> "mcp_prompt_get";
            case "prompts/list" -> "mcp_prompts_list";
            case "notifications/message" -> "mcp_notification";
            case "ping" -> "mcp_ping";
            case "logging/setLevel" -> "mcp_logging";
            case "completion/complete" -> "mcp_completion";
            case "notifications/roots/list_changed" -> "mcp_roots_list_changed";
            default -> "mcp_request";
        };
    }

    /** ToolHive's target.type: what the method acts on. */
    static String targetType(String method) {
        return switch (method) {
            case "tools/call" -> "tool";
            case "resources/read", "resources/subscribe", "resources/unsubscribe" -> "resource";
            case "prompts/get" -> "prompt";
            default -> "endpoint";
        };
    }
}
