import type { Encoder } from '@trpc/server/adapters/ws';
import { sharedJson } from '@confab/api';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * tRPC's ws wire encoding (plain JSON over text frames), except that a live event reaching many
 * subscribers is serialised once: each subscriber's frame is its own small envelope (request id,
 * tracked id) around the same JSON text, instead of a JSON.stringify of the whole event each.
 */
export const serialiseOnceEncoder: Encoder = {
  encode: (message) => withSharedData(message) ?? JSON.stringify(message),
  decode(data) {
    if (typeof data !== 'string') throw new Error('Confab speaks JSON over text frames; binary frames are not understood.');
    return JSON.parse(data) as unknown;
  },
};

/** A tracked `data` message whose event is shared, spliced from the cached JSON; undefined otherwise. */
function withSharedData(message: unknown): string | undefined {
  if (!isRecord(message) || !isRecord(message.result)) return undefined;
  const { result } = message;
  if (result.type !== 'data' || typeof result.id !== 'string' || !isRecord(result.data) || result.data.id !== result.id) return undefined;
  const json = sharedJson(result.data.data);
  if (json === undefined) return undefined;
  const trackedId = JSON.stringify(result.id);
  const jsonrpc = message.jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(message.jsonrpc)},`;
  return `{"id":${JSON.stringify(message.id)},${jsonrpc}"result":{"type":"data","id":${trackedId},"data":{"id":${trackedId},"data":${json}}}}`;
}
