package routes.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a secret's stored bytes into the value used in a header, the same way for every source, so
 * moving a Secret from an env var to a mounted file or to an API lookup never changes what a
 * backend receives.
 *
 * <p>Exactly one trailing line break ({@code \n} or {@code \r\n}) is removed. Files written with
 * {@code echo} or an editor end with one, {@code kubectl create secret --from-file} stores the
 * file's bytes as they are, and a line break can never be part of a header value, so keeping it
 * would only make the header fail. Anything else (spaces, a second line break) is kept: it is
 * the user's data and the header step rejects what a header cannot carry. A value that is empty
 * after this counts as missing, as in ToolHive.
 */
final class SecretText {

    private SecretText() {
    }

    /** The value, or null when it is empty once the trailing line break is removed. */
    static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw;
        if (v.endsWith("\r\n")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("\n")) {
            v = v.substring(0, v.length() - 1);
        }
        return v.isEmpty() ? null : v;
    }

    /**
     * Strict UTF-8 decoding: a binary Secret (a keystore, say) is reported as unusable rather than
     * sent as replacement characters.
     *
     * @throws CharacterCodingException when the bytes are not UTF-8; its message holds no content
     */
    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
