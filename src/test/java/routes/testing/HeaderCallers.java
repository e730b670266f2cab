package routes.testing;

import org.apache.camel.Exchange;
import routes.kernel.CallerIdentity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only {@code incoming-auth}: the caller named by the {@code X-Test-Caller} header
 * ({@code alice; groups=eng,ops; department=finance}: a subject, then claims, a list when it has
 * commas or is named groups/roles), anonymous without it. Tests put {@link #ROUTE} in an override
 * folder so the gateway's own route is replaced, as a user would replace it.
 */
public final class HeaderCallers {

    public static final String HEADER = "X-Test-Caller";
    /** The issuer of every caller it makes. */
    public static final String ISSUER = "https://test-idp";

    public static final String ROUTE = """
            - route:
                id: incoming-auth
                from:
                  uri: "direct:incoming-auth"
                  steps:
                    - bean:
                        beanType: routes.testing.HeaderCallers
                        method: identify
            """;

    /** The gateway properties that load {@link #ROUTE} from a fresh override folder instead of the built-in file. */
    public static Map<String, String> overrideProperties() throws Exception {
        Path dir = Files.createTempDirectory("caravan-incoming-auth");
        Files.writeString(dir.resolve("incoming-auth.yaml"), ROUTE);
        dir.toFile().deleteOnExit();
        dir.resolve("incoming-auth.yaml").toFile().deleteOnExit();
        return Map.of("caravan.routes.override-dir", dir.toString());
    }

    public static void identify(Exchange exchange) {
        String header = exchange.getMessage().getHeader(HEADER, String.class);
        exchange.getMessage().removeHeader(HEADER);
        exchange.getMessage().removeHeader("Authorization");
        exchange.getMessage().removeHeader("Cookie");
        exchange.setProperty(CallerIdentity.PROPERTY, header == null ? CallerIdentity.anonymous(null, null) : parse(header));
    }

    public static CallerIdentity parse(String header) {
        String[] parts = header.split(";");
        Map<String, Object> claims = new LinkedHashMap<>();
        String subject = parts[0].trim();
        claims.put("sub", subject);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            String name = kv[0].trim();
            String value = kv.length > 1 ? kv[1].trim() : "";
            boolean list = value.contains(",") || name.equals("groups") || name.equals("roles");
            claims.put(name, list ? List.copyOf(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                    : value);
        }
        return new CallerIdentity(subject, CallerIdentity.Kind.AUTHENTICATED, null, null, null, ISSUER, claims);
    }
}
