package routes.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A new catalog and what was left out of it and why (invalid names, duplicate URIs, overrides or
 * filters that match nothing). Warnings are meant for the log; none of them is fatal.
 */
public record AggregationResult(Catalog catalog, List<String> warnings) {

    public AggregationResult {
        Objects.requireNonNull(catalog, "catalog");
        warnings = List.copyOf(warnings);
    }
}
