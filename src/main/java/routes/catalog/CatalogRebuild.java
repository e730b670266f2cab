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
        if (!before.tools().equals(after.tools())) {
            changed.add("notifications/tools/list_changed");
        }
        if (!before.prompts().equals(after.prompts())) {
            changed.add("notifications/prompts/list_changed");
        }
        if (!before.resources().equals(after.resources()) || !before.resourceTemplates().equals(after.resourceTemplates())) {
            changed.add("notifications/resources/list_changed");
        }
        exchange.getMessage().setBody(changed);
    }
}
