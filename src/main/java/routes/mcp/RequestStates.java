package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.protocol.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The gateway's envelope around a backend's {@code requestState} (2026-07-28 multi round-trip
 * requests): a client gets back an opaque state that names the backend and is signed with a key
 * of this gateway, so a retry can only resume at the backend that issued the state, with the
 * state it issued. The key is made at start: a state outlives neither a restart nor another
 * replica (the client then starts the request over).
 */
public final class RequestStates {

    private final SecretKeySpec key;

    public RequestStates() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        key = new SecretKeySpec(raw, "HmacSHA256");
    }

    /** The client's state for this backend's state. */
    String wrap(String backend, String backendState) {
        ObjectNode env = Json.object().put("b", backend).put("s", backendState).put("m", mac(backend, backendState));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(env));
    }

    /** The backend and its state inside a client's state, or null when the gateway did not issue it unchanged. */
    Unwrapped unwrap(String clientState) {
        try {
            JsonNode env = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(clientState));
            String backend = env.path("b").asText(null);
            String state = env.path("s").asText(null);
            String mac = env.path("m").asText("");
            if (backend == null || state == null || !MessageDigest.isEqual(mac.getBytes(StandardCharsets.US_ASCII),
                    mac(backend, state).getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            return new Unwrapped(backend, state);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    record Unwrapped(String backend, String state) {
    }

    private String mac(String backend, String state) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(backend.getBytes(StandardCharsets.UTF_8));
            m.update((byte) 0);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(state.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
