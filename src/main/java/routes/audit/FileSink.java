package routes.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends audit lines to {@code logFile} (created if missing), one write per line so lines of
 * concurrent requests never interleave. A write that fails (disk full, file gone) drops that line
 * and says so in the log, the first time and then every {@value #WARN_EVERY}th time; the call it
 * describes is answered all the same.
 */
final class FileSink implements AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);
    private static final byte NEWLINE = '\n';
    static final int WARN_EVERY = 1000;

    private final Path file;
    private final FileChannel channel;
    private long failures;

    FileSink(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void write(byte[] line) {
        ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put(NEWLINE).flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException | RuntimeException e) {
            if (failures++ % WARN_EVERY == 0) {
                LOG.warn("Audit events are being lost: writing to audit.logFile {} failed ({}: {}); {} lost so far",
                        file, e.getClass().getSimpleName(), e.getMessage(), failures);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing the audit file {}: {}", file, e.getMessage());
        }
    }
}
