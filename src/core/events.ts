import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../shared/contract';

/** Core's outgoing events; the Electron shell and the web host forward them to the UI. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window/tab subscribes once; many listeners is expected, not a leak.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', event, payload);
  }

  /** Listens to all events; returns an unsubscribe function. */
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
