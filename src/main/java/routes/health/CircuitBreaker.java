package routes.health;

import java.time.Duration;
import java.time.Instant;

/**
 * One backend's circuit breaker: closed → open after {@code failureThreshold} failures in a row
 * (probes and real calls alike) → half-open once {@code timeout} has passed, when exactly one
 * trial probe may run → closed if it succeeds, open again if it fails. While not closed the backend
 * is withheld and not probed. Thread-safe: probes and client calls report concurrently.
 */
final class CircuitBreaker {

    enum State {
        CLOSED("closed"), OPEN("open"), HALF_OPEN("half-open");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return wireName;
        }
    }

    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt;
    private boolean trialTaken;
    private Instant changedAt;

    synchronized State state() {
        return state;
    }

    synchronized int failures() {
        return failures;
    }

    synchronized Instant openedAt() {
        return openedAt;
    }

    /** When the state last changed, or null while it has always been closed. */
    synchronized Instant changedAt() {
        return changedAt;
    }

    /** Whether a probe may run now; in half-open this hands out the single trial. */
    synchronized boolean allowProbe(Instant now, Duration timeout) {
        if (state == State.OPEN && !now.isBefore(openedAt.plus(timeout))) {
            state = State.HALF_OPEN;
            trialTaken = false;
            changedAt = now;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                boolean first = !trialTaken;
                trialTaken = true;
                yield first;
            }
        };
    }

    /** An answer from the backend; returns true when this closed the circuit. */
    synchronized boolean success(Instant now) {
        failures = 0;
        if (state == State.CLOSED) {
            return false;
        }
        state = State.CLOSED;
        openedAt = null;
        changedAt = now;
        return true;
    }

    /** A failed probe or call; returns true when this opened the circuit. */
    synchronized boolean failure(Instant now, int threshold) {
        failures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            state = State.OPEN;
            openedAt = now;
            changedAt = now;
            return true;
        }
        return false;
    }

    /** A changed config deserves a fresh start. */
    synchronized void reset(Instant now) {
        if (state != State.CLOSED) {
            changedAt = now;
        }
        state = State.CLOSED;
        failures = 0;
        openedAt = null;
    }
}
