package routes.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** application/x-www-form-urlencoded values. */
final class Forms {

    private Forms() {
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
