package routes.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileSecretSourceTest {

    private static final SecretRef.Key TOKEN = new SecretRef.Key("creds", "token");

    @TempDir
    Path dir;

    /** A clock the test moves by hand, so "within the check interval" needs no sleeping. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private FileSecretSource source(long checkIntervalMillis) {
        return new FileSecretSource(dir, checkIntervalMillis, nanos::get);
    }

    private Path write(SecretRef.Key ref, String content) throws IOException {
        Path file = dir.resolve(ref.name()).resolve(ref.key());
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private void advanceMillis(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @ParameterizedTest(name = "file {0} gives value {1}")
    @CsvSource(delimiter = '|', value = {
            "'s3cret'          | 's3cret'",
            "'s3cret\\n'       | 's3cret'",
            "'s3cret\\r\\n'    | 's3cret'",
            "'s3cret\\n\\n'    | 's3cret\\n'",
            "' s3cret \\n'     | ' s3cret '",
            "'line1\\nline2\\n' | 'line1\\nline2'",
            "'\\ns3cret'       | '\\ns3cret'",
    })
    void onlyOneTrailingLineBreakIsRemoved(String content, String expected) throws IOException {
        write(TOKEN, unescape(content));
        assertEquals(Optional.of(unescape(expected)), source(0).value(TOKEN));
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }

    @Test
    void noFileMeansAskTheNextSource() throws IOException {
        assertEquals(Optional.empty(), source(0).value(TOKEN), "no Secret folder");
        write(new SecretRef.Key("creds", "other"), "x");
        assertEquals(Optional.empty(), source(0).value(TOKEN), "the folder without that key");
    }

    @ParameterizedTest
    @CsvSource({"''", "'\n'", "'\r\n'"})
    void anEmptyFileIsNotFoundAndSaysSo(String content) throws IOException {
        Path file = write(TOKEN, content);
        var e = assertThrows(SecretNotFoundException.class, () -> source(0).value(TOKEN));
        assertEquals("secret creds/token not found: " + file + " is empty", e.getMessage());
        assertEquals(TOKEN, e.ref());
    }

    @Test
    void aFolderWhereTheFileShouldBeIsNotFound() throws IOException {
        Files.createDirectories(dir.resolve("creds/token"));
        var e = assertThrows(SecretNotFoundException.class, () -> source(0).value(TOKEN));
        assertTrue(e.getMessage().endsWith("creds/token is not a regular file"), e.getMessage());
    }

    @Test
    void binaryContentIsNotFoundRatherThanMangled() throws IOException {
        Path file = write(TOKEN, "");
        Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28, 'a'});
        var e = assertThrows(SecretNotFoundException.class, () -> source(0).value(TOKEN));
        assertEquals("secret creds/token not found: " + file + " is not UTF-8 text", e.getMessage());
    }

    @Test
    void aFileLargerThanASecretCanBeIsNotRead() throws IOException {
        Path file = write(TOKEN, "");
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(FileSecretSource.MAX_BYTES + 1);
        }
        var e = assertThrows(SecretNotFoundException.class, () -> source(0).value(TOKEN));
        assertTrue(e.getMessage().endsWith("is larger than 1048576 bytes"), e.getMessage());
    }

    @Test
    void aRotatedFileIsReadAgainWithoutARestart() throws IOException {
        FileSecretSource files = source(0);
        Path file = write(TOKEN, "first-value\n");
        assertEquals(Optional.of("first-value"), files.value(TOKEN));

        // same size, so only the modification time tells the change
        Files.writeString(file, "other-value\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertEquals(Optional.of("other-value"), files.value(TOKEN));

        Files.writeString(file, "a longer third value");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertEquals(Optional.of("a longer third value"), files.value(TOKEN), "same time, other size");
    }

    @Test
    void withinTheCheckIntervalTheFileIsNotLookedAt() throws IOException {
        FileSecretSource files = source(1000);
        Path file = write(TOKEN, "first-value");
        assertEquals(Optional.of("first-value"), files.value(TOKEN));

        Files.writeString(file, "second-value-longer");
        advanceMillis(999);
        assertEquals(Optional.of("first-value"), files.value(TOKEN), "still trusted: no stat, no read");
        Files.delete(file);
        assertEquals(Optional.of("first-value"), files.value(TOKEN), "even gone, until the interval ends");

        advanceMillis(1);
        assertEquals(Optional.empty(), files.value(TOKEN), "checked at the interval: gone");
        write(TOKEN, "third");
        assertEquals(Optional.empty(), files.value(TOKEN), "absence is trusted for an interval too");
        advanceMillis(1000);
        assertEquals(Optional.of("third"), files.value(TOKEN));
    }

    @Test
    void aKubernetesDataSymlinkSwapIsSeenEvenWithSameSizeAndTime() throws IOException {
        // the layout kubelet's atomic writer makes: key -> ..data/key, ..data -> ..<timestamp>
        Path secret = Files.createDirectories(dir.resolve("creds"));
        FileTime sameTime = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Path v1 = Files.createDirectories(secret.resolve("..2026_01_01_00_00_00.1"));
        Files.setLastModifiedTime(Files.writeString(v1.resolve("token"), "value-one\n"), sameTime);
        Files.createSymbolicLink(secret.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(secret.resolve("token"), Path.of("..data/token"));

        FileSecretSource files = source(0);
        assertEquals(Optional.of("value-one"), files.value(TOKEN));

        Path v2 = Files.createDirectories(secret.resolve("..2026_01_02_00_00_00.2"));
        Files.setLastModifiedTime(Files.writeString(v2.resolve("token"), "value-two\n"), sameTime);
        Path tmp = Files.createSymbolicLink(secret.resolve("..data_tmp"), v2.getFileName());
        Files.move(tmp, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(v1.resolve("token"));
        Files.delete(v1);

        assertEquals(Optional.of("value-two"), files.value(TOKEN));
    }

    @Test
    void aSecretRemovedFromTheVolumeFallsThroughToTheNextSource() throws IOException {
        FileSecretSource files = source(0);
        Path file = write(TOKEN, "value");
        assertEquals(Optional.of("value"), files.value(TOKEN));
        Files.delete(file);
        assertEquals(Optional.empty(), files.value(TOKEN));
    }
}
