package routes.mcp;

/**
 * How long and how much of the gateway's own SSE streams is kept. A stream's replay buffer holds at
 * most {@code replayEvents} events and {@code replayBytes} bytes (the oldest go first); a stream
 * that lost its connection, or that is done, stays resumable for {@code replayWindowMillis}; a
 * session keeps at most {@code retainedPerSession} streams, so memory is bounded per session and the
 * session cap bounds it in all.
 *
 * @param maxAgeMillis          a GET stream's connection is closed after this long (the client resumes)
 * @param maxPerSession         open GET stream connections per session
 * @param retryMillis           the SSE {@code retry} the client is told before a connection is closed
 */
public record StreamLimits(long maxAgeMillis, int maxPerSession, int replayEvents, long replayBytes,
                           long replayWindowMillis, int retainedPerSession, long retryMillis) {

    /** The shipped defaults (application.properties), for sessions made without configuration. */
    public static final StreamLimits DEFAULTS = new StreamLimits(3_600_000, 4, 100, 256 * 1024, 60_000, 16, 1_000);
}
