package routes.catalog;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the catalog after fetches and leaves in the body the list_changed notification
 * methods clients must get (empty when nothing they can see changed).
 */
public final class CatalogRebuild implements Processor {

    private final CatalogStore store;

    public CatalogRebuild(CatalogStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        Catalog before = store.rebuild();
        Catalog after = store.catalog();
        List<String> changed = new ArrayList<>(3);
        if (!before.toolDefinitions().equals(after.toolDefinitions())) {
            changed.add("notifications/tools/list_changed");
        }
        if (!before.promptDefinitions().equals(after.promptDefinitions())) {
            changed.add("notifications/prompts/list_changed");
        }
        if (!before.resourceDefinitions().equals(after.resourceDefinitions())
                || !before.resourceTemplateDefinitions().equals(after.resourceTemplateDefinitions())) {
            changed.add("notifications/resources/list_changed");
        }
        exchange.getMessage().setBody(changed);
    }
}
