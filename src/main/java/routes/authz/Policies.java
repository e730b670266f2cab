package routes.authz;

/** Compiles an {@link AuthzSpec} into the {@link Policy} it asks for. */
public final class Policies {

    private Policies() {
    }

    /**
     * @param serverName the gateway's config name (Cedar's {@code MCP::"<name>"} resource parent)
     * @throws AuthzSpecException naming the key of {@code incomingAuth.authz} at fault
     */
    public static Policy compile(AuthzSpec spec, String serverName) throws AuthzSpecException {
        return switch (spec.type()) {
            case NONE -> Policy.ALLOW_ALL;
            case RULES -> new RulePolicy(spec.rules(), spec.groups());
            case CEDAR -> new CedarPolicy(spec.policies(), spec.entitiesJson(), spec.groups(), spec.groupEntityType(),
                    serverName);
        };
    }
}
