// Keeps the events of each SSE stream so a client that reconnects with Last-Event-ID gets what
// it missed (the suite's server-sse-polling scenario closes a stream mid-call on purpose).
export class MemoryEventStore {
  #events = []; // { id, streamId, message }, in order
  #next = 0;

  async storeEvent(streamId, message) {
    const id = `${streamId}_${++this.#next}`;
    this.#events.push({ id, streamId, message });
    if (this.#events.length > 1000) this.#events.shift();
    return id;
  }

  async getStreamIdForEventId(eventId) {
    return this.#events.find((e) => e.id === eventId)?.streamId;
  }

  async replayEventsAfter(lastEventId, { send }) {
    const at = this.#events.findIndex((e) => e.id === lastEventId);
    if (at < 0) return '';
    const { streamId } = this.#events[at];
    for (const e of this.#events.slice(at + 1)) {
      if (e.streamId === streamId) await send(e.id, e.message);
    }
    return streamId;
  }
}
