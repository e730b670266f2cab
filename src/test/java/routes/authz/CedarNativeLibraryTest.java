package routes.authz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.CaravanMain;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where Cedar's native library comes from, in fresh JVMs (a JVM loads it once): with nowhere to
 * unpack it (the pod's read-only root) a Cedar config is refused at load with what to do; with
 * {@code CEDAR_JAVA_FFI_LIB} naming an unpacked copy (what the image ships) nothing is unpacked and
 * the config loads.
 */
class CedarNativeLibraryTest {

    @TempDir
    Path dir;

    private static final String CONFIG = """
            name: cedar
            backends:
              - {name: tools, url: "http://127.0.0.1:1/mcp", transport: streamable-http}
            incomingAuth:
              type: anonymous
              authz:
                type: cedar
                policies: ['permit(principal, action == Action::"call_tool", resource);']
            """;

    private record Run(int exit, String out) {
    }

    private Run validate(List<String> jvmFlags, Map<String, String> env) throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), CONFIG);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CaravanMain.class.getName(), "validate",
                "--config=" + config));
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove(CedarRuntime.LIBRARY_ENV);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits");
        return new Run(p.exitValue(), Files.readString(out));
    }

    @Test
    void withNowhereToUnpackTheLibraryACedarConfigIsRefusedWithWhatToDo() throws Exception {
        Run r = validate(List.of("-Djne.extract.dir=/proc/no-such-dir"), Map.of());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("incomingAuth.authz.type: cedar: the Cedar engine (cedar-java's native library) cannot"
                + " be loaded here"), r.out());
        assertTrue(r.out().contains("Set CEDAR_JAVA_FFI_LIB"), r.out());
        assertFalse(r.out().contains("\tat "), "no stack trace: " + r.out());
    }

    @Test
    void anUnpackedLibraryNamedByTheEnvironmentNeedsNoWritableDirectory() throws Exception {
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        Path lib = dir.resolve("libcedar_java_ffi.so");
        try (InputStream in = CedarPolicy.class.getClassLoader().getResourceAsStream("jne/linux/" + arch + "/libcedar_java_ffi.so")) {
            Files.copy(in, lib);
        }
        Run r = validate(List.of("-Djne.extract.dir=/proc/no-such-dir", "-Djava.io.tmpdir=/proc/no-such-dir"),
                Map.of(CedarRuntime.LIBRARY_ENV, lib.toString()));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("config " + dir.resolve("config.yaml") + " is valid"), r.out());
    }
}
