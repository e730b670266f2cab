package routes.registry;

import org.junit.jupiter.api.Test;
import routes.kernel.BackendSpec;
import routes.testing.LogCapture;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sources own their claims, every change is an event heard after the fact, conflicts are reported. */
class BackendRegistryTest {

    private static final String FILE = BackendRegistry.CONFIG_FILE;

    private final BackendRegistry registry = new BackendRegistry();
    private final List<String> heard = new ArrayList<>();

    BackendRegistryTest() {
        registry.addListener(change -> change.events().forEach(e -> heard.add(describe(e))));
    }

    private static BackendSpec spec(String name, String host) {
        return new BackendSpec(name, URI.create("http://" + host + "/mcp"), BackendSpec.Transport.STREAMABLE_HTTP, null,
                Duration.ofSeconds(30));
    }

    private static String describe(RegistryEvent e) {
        return e.kind() + " " + e.name() + " " + host(e.before()) + ">" + host(e.after());
    }

    private static String host(BackendSpec spec) {
        return spec == null ? "-" : spec.url().getHost();
    }

    private List<String> served() {
        return registry.list().stream().map(s -> s.name() + "@" + s.url().getHost()).toList();
    }

    @Test
    void eachSourceReplacesOnlyItsOwnSet() {
        registry.replace(FILE, List.of(spec("a", "file"), spec("b", "file")));
        registry.replace("test", List.of(spec("c", "test")));
        assertEquals(List.of("a@file", "b@file", "c@test"), served());

        registry.replace(FILE, List.of(spec("a", "file2")));
        assertEquals(List.of("a@file2", "c@test"), served(), "the file's change leaves the test source's backend alone");
        registry.replace("test", List.of());
        assertEquals(List.of("a@file2"), served(), "and the test source's leaves the file's alone");
        assertEquals(List.of("ADDED a ->file", "ADDED b ->file", "ADDED c ->test", "CHANGED a file>file2",
                "REMOVED b file>-", "REMOVED c test>-"), heard);
    }

    @Test
    void upsertAndRemoveTouchOneNameOfOneSource() {
        registry.replace(FILE, List.of(spec("a", "file")));
        registry.upsert("test", spec("b", "test"));
        registry.upsert("test", spec("b", "test2"));
        registry.remove("test", "a");
        assertEquals(List.of("a@file", "b@test2"), served(), "a source cannot remove another's backend");
        registry.remove("test", "b");
        assertEquals(List.of("a@file"), served());
        assertEquals(Map.of(), registry.claims("test"));
        assertEquals(List.of("ADDED a ->file", "ADDED b ->test", "CHANGED b test>test2", "REMOVED b test2>-"), heard);
    }

    @Test
    void theVersionBumpsOnEveryChangeAndNotWhenNothingChanged() {
        assertEquals(0, registry.version());
        RegistryChange first = registry.replace(FILE, List.of(spec("a", "file")));
        assertEquals(1, first.version());
        RegistryChange same = registry.replace(FILE, List.of(spec("a", "file")));
        assertTrue(same.isEmpty());
        assertEquals(1, registry.version(), "the same set again changes nothing");
        registry.upsert("test", spec("a", "test"));
        assertEquals(2, registry.version(), "a new claim changes the registry even when it is not served");
        assertEquals(1, heard.size(), "but readers see the same backends: no event");
    }

    @Test
    void listenersHearAChangeAfterTheStateChangedInVersionOrder() {
        List<String> seen = new ArrayList<>();
        registry.addListener(change -> {
            throw new IllegalStateException("a broken listener");
        });
        registry.addListener(change -> {
            BackendSpec now = registry.get("a");
            seen.add(change.version() + ":" + host(now));
            if (change.version() == 1) {
                // a write from a listener is heard after this change, not in the middle of it
                registry.upsert("test", spec("z", "test"));
                seen.add("wrote z");
            }
        });
        try (LogCapture logs = LogCapture.start()) {
            registry.replace(FILE, List.of(spec("a", "file")));
            assertEquals(2, logs.linesContaining("a broken listener").size(), "logged for each change; the others still hear it");
        }
        assertEquals(List.of("1:file", "wrote z", "2:file"), seen);
        assertEquals(List.of("ADDED a ->file", "ADDED z ->test"), heard);
    }

    @Test
    void aConflictServesTheFileUntilItLetsGoAndIsLoggedOnce() {
        registry.replace("test", List.of(spec("a", "test")));
        try (LogCapture logs = LogCapture.start()) {
            registry.replace(FILE, List.of(spec("a", "file")));
            registry.replace(FILE, List.of(spec("a", "file"), spec("b", "file")));
            registry.upsert("test", spec("a", "test2"));
            assertEquals(List.of("a@file", "b@file"), served());
            assertEquals(List.of(new NameConflict("a", FILE, List.of("test"))), registry.conflicts());
            List<String> warned = logs.linesContaining("is claimed by more than one source");
            assertEquals(1, warned.size(), "once, however often the sources write: " + warned);
            assertTrue(warned.get(0).contains("Backend name 'a' is claimed by more than one source: the claim of config-file"
                    + " is served, that of test ignored while config-file claims it"), warned.get(0));

            registry.replace(FILE, List.of(spec("b", "file")));
            assertEquals(List.of("a@test2", "b@file"), served(), "the ignored claim takes over when the file lets go");
            assertEquals(List.of(), registry.conflicts());
            assertEquals(1, logs.linesContaining("Backend name 'a' is no longer claimed by more than one source").size());
        }
        assertEquals(List.of("ADDED a ->test", "CHANGED a test>file", "ADDED b ->file", "CHANGED a file>test2"), heard);
    }

    @Test
    void readersGetImmutableSnapshotsAndASourceMayNotNameABackendTwice() {
        registry.replace(FILE, List.of(spec("a", "file")));
        Map<String, BackendSpec> before = registry.snapshot();
        registry.replace(FILE, List.of());
        assertEquals(List.of("a"), List.copyOf(before.keySet()), "a snapshot does not change under its reader");
        assertThrows(UnsupportedOperationException.class, () -> before.put("x", spec("x", "x")));
        assertThrows(UnsupportedOperationException.class, () -> registry.list().add(spec("x", "x")));
        assertNull(registry.get("a"));

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> registry.replace("test", List.of(spec("a", "one"), spec("a", "two"))));
        assertEquals("source 'test' claims backend 'a' twice", twice.getMessage());
        assertEquals(Map.of(), registry.claims("test"));
    }
}
