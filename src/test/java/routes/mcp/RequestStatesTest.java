package routes.mcp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The gateway's envelope around a backend's requestState: opens only unchanged, and only at the gateway that made it. */
class RequestStatesTest {

    private final RequestStates states = new RequestStates();

    @Test
    void aWrappedStateOpensToItsBackendAndState() {
        String wrapped = states.wrap("github", "backend-state-1");
        assertNotEquals("backend-state-1", wrapped);
        RequestStates.Unwrapped inner = states.unwrap(wrapped);
        assertEquals("github", inner.backend());
        assertEquals("backend-state-1", inner.state());
    }

    @Test
    void anAlteredOrForeignStateDoesNotOpen() {
        String wrapped = states.wrap("github", "s");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(wrapped), StandardCharsets.UTF_8).replace("github", "jira")
                        .getBytes(StandardCharsets.UTF_8));
        assertNull(states.unwrap(forged), "another backend named in a valid-looking envelope");
        assertNull(states.unwrap(wrapped.substring(0, wrapped.length() - 3) + "abc"));
        assertNull(states.unwrap("not base64 at all!"));
        assertNull(new RequestStates().unwrap(wrapped), "another gateway (or this one after a restart) has another key");
    }
}
