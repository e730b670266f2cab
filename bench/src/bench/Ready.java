package bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Waiting for a server the way a client would: ready means an MCP initialize answered 2xx;
 * catalog-ready means tools/list (every page) shows all the tools expected. Times are counted
 * from the moment the process was started.
 */
final class Ready {

    private static final long POLL_MILLIS = 10;

    private Ready() {
    }

    /** Milliseconds from process start to the first successful initialize. */
    static double awaitInitialize(Proc proc, URI url, int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (McpClient client = new McpClient(url, 2000)) {
                client.initialize();
                double ms = (System.nanoTime() - proc.startNanos) / 1e6;
                client.delete();
                return ms;
            } catch (IOException e) {
                last = e;
            }
            checkAlive(proc);
            Thread.sleep(POLL_MILLIS);
        }
        throw new IOException(proc.name + " did not answer an initialize on " + url + " within " + timeoutSeconds
                + " s (last: " + (last == null ? "-" : last.getMessage()) + "); log " + proc.log + ":\n" + proc.tail(30));
    }

    /** Milliseconds from process start until tools/list shows {@code expected} tools. */
    static double awaitTools(Proc proc, URI url, int expected, int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String last = "no answer";
        try (McpClient client = new McpClient(url, 10_000)) {
            client.initialize();
            while (System.nanoTime() < deadline) {
                Listing listing = listTools(client);
                if (listing.tools() == expected) {
                    double ms = (System.nanoTime() - proc.startNanos) / 1e6;
                    client.delete();
                    return ms;
                }
                last = listing.tools() + " tools";
                checkAlive(proc);
                Thread.sleep(POLL_MILLIS * 5);
            }
        }
        throw new IOException(proc.name + " at " + url + " did not list " + expected + " tools within "
                + timeoutSeconds + " s (last: " + last + "); log " + proc.log + ":\n" + proc.tail(30));
    }

    /** Every page of tools/list; page latencies in nanoseconds. */
    record Listing(int tools, long[] pageNanos, long totalNanos) {
    }

    static Listing listTools(McpClient client) throws IOException {
        List<Long> pages = new ArrayList<>();
        int tools = 0;
        String cursor = null;
        long start = System.nanoTime();
        do {
            long t0 = System.nanoTime();
            JsonNode result = client.request("tools/list",
                    cursor == null ? "{}" : McpClient.JSON.createObjectNode().put("cursor", cursor).toString());
            pages.add(System.nanoTime() - t0);
            tools += result.path("tools").size();
            JsonNode next = result.get("nextCursor");
            cursor = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
            if (pages.size() > 10_000) {
                throw new IOException("tools/list did not end after 10000 pages");
            }
        } while (cursor != null);
        return new Listing(tools, pages.stream().mapToLong(Long::longValue).toArray(), System.nanoTime() - start);
    }

    static void checkAlive(Proc proc) throws IOException {
        if (!proc.alive()) {
            throw new IOException(proc.name + " exited; log " + proc.log + ":\n" + proc.tail(30));
        }
    }
}
