package routes.kernel;

import java.util.regex.Pattern;

/** Text for what clients and the public endpoints show: internal URLs taken out. */
public final class PublicText {

    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"()<>]*[^\\s'\"()<>.,;:]");

    private PublicText() {
    }

    /** Every URL (any scheme) replaced by "(URL withheld)". */
    public static String withoutUrls(String text) {
        return text == null ? null : URL.matcher(text).replaceAll("(URL withheld)");
    }
}
