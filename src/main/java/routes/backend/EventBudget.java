package routes.backend;

import routes.kernel.BackendException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps the bytes read between two {@link #restart()} calls: a long-lived event stream may carry
 * any number of events, but no single one may be huge. Approximate by the reader's read-ahead.
 */
final class EventBudget extends FilterInputStream {

    private final long maxBytes;
    private final String backend;
    private long used;

    EventBudget(InputStream in, long maxBytes, String backend) {
        super(in);
        this.maxBytes = maxBytes;
        this.backend = backend;
    }

    void restart() {
        used = 0;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        used += n;
        if (used > maxBytes) {
            throw new BackendException(backend, "sent an event larger than " + maxBytes + " bytes");
        }
    }
}
