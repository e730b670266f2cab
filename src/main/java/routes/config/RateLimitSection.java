package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code rateLimiting} ({@code pkg/ratelimit/types}): {@code shared} and {@code perUser}
 * buckets of {@code maxTokens} (at least 1) and {@code refillPeriod} (a Go duration above 0), and
 * {@code tools[]} with a {@code name} and either bucket. ToolHive's newer alias {@code global}
 * for {@code shared} is read too.
 */
final class RateLimitSection {

    private static final String PATH = "rateLimiting";
    private static final List<String> FIELDS = List.of("shared", "global", "perUser", "tools");
    private static final List<String> TOOL_FIELDS = List.of("name", "shared", "global", "perUser");
    private static final List<String> BUCKET_FIELDS = List.of("maxTokens", "refillPeriod");

    private final ConfigReader reader;

    RateLimitSection(ConfigReader reader) {
        this.reader = reader;
    }

    RateLimitConfig read(ObjectNode node) {
        if (node == null) {
            return RateLimitConfig.NONE;
        }
        reader.allowOnly(node, PATH, FIELDS);
        RateLimitConfig.Bucket shared = shared(node, PATH);
        RateLimitConfig.Bucket perUser = bucket(node, PATH, "perUser");
        return new RateLimitConfig(shared, perUser, tools(reader.array(node, PATH, "tools", false)));
    }

    private List<RateLimitConfig.ToolLimit> tools(ArrayNode list) {
        List<RateLimitConfig.ToolLimit> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String path = ConfigReader.item(PATH + ".tools", i, "name", item);
            if (!item.isObject()) {
                reader.report(path, "must be a map with name and shared or perUser, not " + ConfigReader.describe(item));
                continue;
            }
            ObjectNode tool = (ObjectNode) item;
            reader.allowOnly(tool, path, TOOL_FIELDS);
            String name = reader.text(tool, path, "name", true);
            RateLimitConfig.Bucket shared = shared(tool, path);
            RateLimitConfig.Bucket perUser = bucket(tool, path, "perUser");
            if (name == null) {
                continue;
            }
            if (!seen.add(name)) {
                reader.report(ConfigReader.at(path, "name"), "'" + name + "' is listed twice; give each tool one entry");
            } else if (shared == null && perUser == null && !tool.hasNonNull("shared") && !tool.hasNonNull("perUser")
                    && !tool.hasNonNull("global")) {
                reader.report(path, "limits nothing; give it shared or perUser (maxTokens, refillPeriod)");
            } else if (shared != null || perUser != null) {
                out.add(new RateLimitConfig.ToolLimit(name, shared, perUser));
            }
        }
        return out;
    }

    /** {@code shared}, or ToolHive's newer name for it, {@code global}; not both. */
    private RateLimitConfig.Bucket shared(ObjectNode node, String path) {
        if (node.hasNonNull("shared") && node.hasNonNull("global")) {
            reader.report(ConfigReader.at(path, "global"), "is another name for shared; give one of them");
            return null;
        }
        return node.hasNonNull("global") ? bucket(node, path, "global") : bucket(node, path, "shared");
    }

    private RateLimitConfig.Bucket bucket(ObjectNode parent, String path, String field) {
        ObjectNode node = reader.object(parent, path, field, false);
        if (node == null) {
            return null;
        }
        String at = ConfigReader.at(path, field);
        reader.allowOnly(node, at, BUCKET_FIELDS);
        if (!node.hasNonNull("maxTokens")) {
            reader.report(ConfigReader.at(at, "maxTokens"), "is required (how many calls the bucket holds, at least 1)");
        }
        if (!node.hasNonNull("refillPeriod")) {
            reader.report(ConfigReader.at(at, "refillPeriod"), "is required (how long an empty bucket takes to fill, e.g. \"1m\")");
        }
        Integer max = reader.integer(node, at, "maxTokens", 1);
        Duration refill = reader.duration(node, at, "refillPeriod");
        return max == null || refill == null ? null : new RateLimitConfig.Bucket(max, refill);
    }
}
