import { on, type EventEmitter } from 'node:events';

/**
 * Every `name` event emitted from now on, until `signal` aborts. The listener is attached at
 * call time, not at first iteration, so a caller can listen first and read the backlog after.
 */
export function listen<T>(emitter: EventEmitter, name: string, signal: AbortSignal): AsyncIterable<T> {
  const iterator = on(emitter, name, { signal });
  return (async function* () {
    try {
      for await (const [value] of iterator) yield value as T;
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  })();
}
