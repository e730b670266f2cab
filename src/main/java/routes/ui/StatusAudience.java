package routes.ui;

/**
 * Who reads the status page. The management port is the operator's: it shows what the log shows
 * (backend URLs, failure details, where header values come from). The MCP port, when the page is
 * opened there, is anyone's: it shows error categories, never a URL, a reason text or a session id.
 */
public enum StatusAudience {
    OPERATOR("operator"), PUBLIC("public");

    /** The exchange property that tells the status-page route whose request it serves. */
    public static final String PROPERTY = "caravanStatusAudience";

    private final String wireName;

    StatusAudience(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The audience an exchange property names; anything but "operator" is treated as public. */
    public static StatusAudience of(Object property) {
        return OPERATOR.wireName.equals(property) ? OPERATOR : PUBLIC;
    }
}
