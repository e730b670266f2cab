package routes.authz;

import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.Decimal;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Claims and arguments as Cedar values, as ToolHive converts them: strings, booleans, every number
 * as a decimal (4 places: ToolHive decodes JSON numbers as Go float64s, so a policy compares them
 * with {@code .lessThan(decimal("100.0"))}, not {@code < 100}), a time claim as its epoch seconds,
 * lists as sets, maps as records to a depth of 10; anything else (and a number Cedar's decimal
 * cannot hold) is left out.
 */
final class CedarValues {

    private static final int MAX_DEPTH = 10;

    private CedarValues() {
    }

    /** A claim value (Java objects from the token), or null when Cedar has no value for it. */
    static Value of(Object v) {
        return of(v, 0);
    }

    private static Value of(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (v instanceof String s) {
            return new PrimString(s);
        }
        if (v instanceof Boolean b) {
            return new PrimBool(b);
        }
        if (v instanceof Number n) {
            return decimal(n.doubleValue());
        }
        if (v instanceof java.util.Date d) {
            return decimal(d.getTime() / 1000L); // exp, iat, nbf as a JWT library hands them over
        }
        if (v instanceof List<?> list) {
            List<Value> items = new ArrayList<>(list.size());
            for (Object item : list) {
                Value c = of(item, depth + 1);
                if (c != null) {
                    items.add(c);
                }
            }
            return new CedarList(items);
        }
        if (v instanceof Map<?, ?> map) {
            CedarMap record = new CedarMap();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Value c = of(e.getValue(), depth + 1);
                if (c != null) {
                    record.put(String.valueOf(e.getKey()), c);
                }
            }
            return record;
        }
        if (v instanceof JsonNode node) {
            return scalar(node);
        }
        return null;
    }

    /** A JSON argument: only scalars (ToolHive marks a complex argument as present instead). */
    static Value scalar(JsonNode node) {
        if (node.isTextual()) {
            return new PrimString(node.textValue());
        }
        if (node.isBoolean()) {
            return new PrimBool(node.booleanValue());
        }
        if (node.isNumber()) {
            return decimal(node.doubleValue());
        }
        return null;
    }

    private static Value decimal(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
        }
        String text = BigDecimal.valueOf(d).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        if (text.indexOf('.') < 0) {
            text = text + ".0";
        }
        try {
            return new Decimal(text);
        } catch (IllegalArgumentException outOfRange) {
            return null;
        }
    }

    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node == null || !node.isObject() ? java.util.Collections.emptyIterator() : node.fields();
    }
}
