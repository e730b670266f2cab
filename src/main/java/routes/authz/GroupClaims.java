package routes.authz;

import routes.kernel.CallerIdentity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which claims name a caller's groups, as ToolHive reads them: {@code groupClaimName} first; when
 * it is not set or the token lacks it, the first of "groups", "roles", "cognito:groups" the token
 * has; then the values of {@code roleClaimName}, if set, count as groups too. A name with dots
 * ({@code realm_access.roles}) is a top-level claim of that name if there is one, else a path into
 * nested claims (Keycloak). Only list claims give groups (a string claim is ignored, as in ToolHive).
 *
 * @param groupClaimName the claim with the caller's groups, or empty for the well-known names
 * @param roleClaimName  a claim whose values also count as groups, or empty
 */
public record GroupClaims(String groupClaimName, String roleClaimName) {

    public static final GroupClaims DEFAULT = new GroupClaims("", "");
    private static final List<String> WELL_KNOWN = List.of("groups", "roles", "cognito:groups");

    public GroupClaims {
        groupClaimName = groupClaimName == null ? "" : groupClaimName;
        roleClaimName = roleClaimName == null ? "" : roleClaimName;
    }

    /** The caller's groups and roles, each once, in claim order. */
    public Set<String> of(CallerIdentity caller) {
        Map<String, Object> claims = caller.claims();
        if (claims.isEmpty()) {
            return Set.of();
        }
        List<String> groups = values(claims, groupClaimName);
        for (int i = 0; groups == null && i < WELL_KNOWN.size(); i++) {
            groups = values(claims, WELL_KNOWN.get(i));
        }
        Set<String> all = new LinkedHashSet<>(groups == null ? List.of() : groups);
        List<String> roles = values(claims, roleClaimName);
        if (roles != null) {
            all.addAll(roles);
        }
        return all;
    }

    /** The string items of a list claim; null when the claim is absent or not a list. */
    private static List<String> values(Map<String, Object> claims, String name) {
        if (name.isEmpty()) {
            return null;
        }
        Object v = claims.containsKey(name) ? claims.get(name) : nested(claims, name);
        if (!(v instanceof List<?> list)) {
            return null;
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    private static Object nested(Map<String, Object> claims, String path) {
        if (path.indexOf('.') < 0) {
            return null;
        }
        Object current = claims;
        for (String segment : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(segment);
        }
        return current;
    }
}
