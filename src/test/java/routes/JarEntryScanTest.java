package routes;

import org.apache.camel.support.scan.DefaultPackageScanResourceResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Resources found in a jar from its central directory: what Camel's own stream scan finds. */
class JarEntryScanTest {

    @TempDir
    Path dir;

    @Test
    void findsTheSameEntriesAsCamelsScanInTheSameOrder() throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("routes/", "routes/b.yaml", "routes/a.yaml", "routes/Helper.class",
                    "other/c.yaml", "routes/sub/d.yaml", "x.txt")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write(("# " + name).getBytes());
                }
                out.closeEntry();
            }
        }
        List<String> ours = new JarEntryScan().doLoadImplementationsInJar("routes/", open(jar), jar.toString(), null);
        List<String> camels = new CamelScan().scan("routes/", open(jar), jar.toString());
        assertEquals(List.of("routes/b.yaml", "routes/a.yaml", "routes/sub/d.yaml"), ours);
        assertEquals(camels, ours);
        List<String> yamlOnly = new JarEntryScan().doLoadImplementationsInJar("", open(jar), jar.toString(),
                name -> name.endsWith(".yaml"));
        assertEquals(List.of("routes/b.yaml", "routes/a.yaml", "other/c.yaml", "routes/sub/d.yaml"), yamlOnly);
    }

    @Test
    void aJarThatCannotBeReadHasNothingToOffer() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        assertEquals(List.of(), new JarEntryScan().doLoadImplementationsInJar("routes/", open(notAJar), notAJar.toString(), null));
    }

    private static FileInputStream open(Path file) throws IOException {
        return new FileInputStream(file.toFile());
    }

    /** Camel's own scan, reachable from here. */
    private static final class CamelScan extends DefaultPackageScanResourceResolver {
        List<String> scan(String packageName, java.io.InputStream in, String path) {
            return doLoadImplementationsInJar(packageName, in, path, null);
        }
    }
}
