package routes.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool or prompt on its way into the catalog, after per-workload filters and overrides and
 * before conflict resolution.
 *
 * @param backend           the backend that serves it
 * @param originalName      the backend's own name for it
 * @param name              the name after overrides; conflict resolution starts from this one
 * @param node              the definition with overrides applied (its "name" may still change)
 * @param renamedByOverride true when an override changed the name, so a conflict is of the user's making
 */
record Candidate(String backend, String originalName, String name, ObjectNode node, boolean renamedByOverride) {
}
