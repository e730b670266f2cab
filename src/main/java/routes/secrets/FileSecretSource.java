package routes.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Secrets from a mounted folder with the layout of a Kubernetes Secret volume:
 * {@code <dir>/<name>/<key>}, one folder per Secret.
 *
 * <p>A value is read once and then trusted for {@code checkInterval}; after that the next lookup
 * compares the file's identity, modification time and size (one {@code stat}, following links)
 * and re-reads only when one changed. So a rotated value is picked up within the interval without
 * a restart, and a request costs no file read. Kubernetes rotates a Secret volume by writing a new
 * {@code ..<timestamp>} folder and swapping the {@code ..data} symlink that each
 * {@code <key> -> ..data/<key>} link goes through: the stat follows the links, sees a different
 * file, and the new value is read. The file is stat-ed before it is read, so a swap between the
 * two leaves the newer value cached under older attributes, which the next check corrects.
 */
final class FileSecretSource {

    private static final Logger LOG = LoggerFactory.getLogger(FileSecretSource.class);

    /** Kubernetes' own limit for a whole Secret; a larger file is not a secret value. */
    static final long MAX_BYTES = 1024 * 1024;

    private final Path dir;
    private final long checkIntervalNanos;
    private final LongSupplier nanoClock;
    private final Map<SecretRef.Key, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param nanoClock a monotonic clock ({@code System::nanoTime}); tests pass their own
     */
    FileSecretSource(Path dir, long checkIntervalMillis, LongSupplier nanoClock) {
        this.dir = dir;
        this.checkIntervalNanos = checkIntervalMillis * 1_000_000;
        this.nanoClock = nanoClock;
    }

    Path dir() {
        return dir;
    }

    Path path(SecretRef.Key ref) {
        return dir.resolve(ref.name()).resolve(ref.key());
    }

    /**
     * The value in {@code <dir>/<name>/<key>}, or empty when there is no such file (so the next
     * source is asked).
     *
     * @throws SecretNotFoundException when the file exists but holds no usable value
     */
    Optional<String> value(SecretRef.Key ref) {
        long now = nanoClock.getAsLong();
        Cached c = cache.get(ref);
        if (c == null || now - c.checkedAt >= checkIntervalNanos) {
            c = refresh(ref, c, now);
            cache.put(ref, c);
        }
        if (c.problem != null) {
            throw new SecretNotFoundException(ref, c.problem);
        }
        return Optional.ofNullable(c.value);
    }

    private Cached refresh(SecretRef.Key ref, Cached old, long now) {
        Path file = path(ref);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Cached.absent(now);
        } catch (IOException e) {
            return Cached.problem(now, null, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (old != null && old.sameFile(attrs)) {
            return old.checkedAgain(now);
        }
        if (!attrs.isRegularFile()) {
            return Cached.problem(now, attrs, file + " is not a regular file");
        }
        if (attrs.size() > MAX_BYTES) {
            return Cached.problem(now, attrs, file + " is larger than " + MAX_BYTES + " bytes");
        }
        try {
            String v = SecretText.clean(SecretText.decode(Files.readAllBytes(file)));
            if (old != null && old.attrs != null) {
                LOG.debug("{} changed in {}; using the new value", ref.describe(), file);
            }
            return v == null ? Cached.problem(now, attrs, file + " is empty") : Cached.value(now, attrs, v);
        } catch (NoSuchFileException e) {
            // removed between the stat and the read: as if we had looked a moment later
            return Cached.absent(now);
        } catch (CharacterCodingException e) {
            return Cached.problem(now, attrs, file + " is not UTF-8 text");
        } catch (IOException e) {
            return Cached.problem(now, null, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * What one file held when last checked. Not a record, and no toString: it holds a value.
     * A problem with no attributes (an I/O error) is retried at the next check even if the file
     * looks the same.
     */
    private static final class Cached {
        final long checkedAt;
        final BasicFileAttributes attrs;
        final String value;
        final String problem;

        private Cached(long checkedAt, BasicFileAttributes attrs, String value, String problem) {
            this.checkedAt = checkedAt;
            this.attrs = attrs;
            this.value = value;
            this.problem = problem;
        }

        static Cached absent(long now) {
            return new Cached(now, null, null, null);
        }

        static Cached value(long now, BasicFileAttributes attrs, String value) {
            return new Cached(now, attrs, value, null);
        }

        static Cached problem(long now, BasicFileAttributes attrs, String problem) {
            return new Cached(now, attrs, null, problem);
        }

        Cached checkedAgain(long now) {
            return new Cached(now, attrs, value, problem);
        }

        boolean sameFile(BasicFileAttributes now) {
            return attrs != null
                    && Objects.equals(attrs.fileKey(), now.fileKey())
                    && attrs.lastModifiedTime().equals(now.lastModifiedTime())
                    && attrs.size() == now.size();
        }
    }
}
