package routes.authz;

/**
 * What a decision is about, with the names ToolHive's Cedar model gives it: the action a client
 * performs on it and the entity type of the thing itself.
 */
public enum Feature {
    TOOL("call_tool", "Tool", "call", "tool"),
    PROMPT("get_prompt", "Prompt", "get", "prompt"),
    RESOURCE("read_resource", "Resource", "read", "resource");

    private final String cedarAction;
    private final String cedarType;
    private final String operation;
    private final String wireName;

    Feature(String cedarAction, String cedarType, String operation, String wireName) {
        this.cedarAction = cedarAction;
        this.cedarType = cedarType;
        this.operation = operation;
        this.wireName = wireName;
    }

    /** Cedar's {@code Action::"call_tool"} and so on. */
    public String cedarAction() {
        return cedarAction;
    }

    /** Cedar's entity type of the thing: Tool, Prompt, Resource. */
    public String cedarType() {
        return cedarType;
    }

    /** The resource entity's {@code operation} attribute: call, get, read. */
    public String operation() {
        return operation;
    }

    /** The resource entity's {@code feature} attribute: tool, prompt, resource. */
    public String wireName() {
        return wireName;
    }
}
