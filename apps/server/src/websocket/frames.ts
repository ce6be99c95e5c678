import { sharedJson } from '@confab/api';
import { isTrackedEnvelope, transformTRPCResponse, type AnyRouter } from '@trpc/server';
import type { JSONRPC2, TRPCResponseMessage } from '@trpc/server/rpc';

/** A request id as the client sent it, with the `jsonrpc` marker it may have sent beside it. */
export interface RequestKey {
  id: JSONRPC2.RequestId;
  jsonrpc?: '2.0' | undefined;
}

/**
 * The frames of tRPC's ws protocol, as its own adapter writes them (plain JSON text frames).
 * Everything but subscription data goes through tRPC's `transformTRPCResponse` and
 * `JSON.stringify`, exactly as upstream. Subscription data is the hot path: a live event that
 * reaches many subscribers is serialised once (`sharedJson`), and the whole frame is kept as
 * bytes per request id, so receivers whose subscription has the same id (every client of one
 * kind opens its streams in the same order) share one Buffer and nothing is copied per socket.
 */
export function frameWriter(router: AnyRouter) {
  const config = router._def._config;
  const serialize = (value: unknown): unknown => config.transformer.output.serialize(value);
  const framesByEvent = new WeakMap<object, Map<string, Buffer>>();

  function envelope(key: RequestKey): string {
    return key.jsonrpc === undefined ? `{"id":${JSON.stringify(key.id)},` : `{"id":${JSON.stringify(key.id)},"jsonrpc":"2.0",`;
  }

  function dataFrameOf(key: RequestKey, value: unknown): string {
    if (!isTrackedEnvelope(value)) return `${envelope(key)}"result":{"type":"data","data":${JSON.stringify(serialize(value))}}}`;
    const [trackedId, data] = value;
    const id = JSON.stringify(trackedId);
    const json = sharedJson(data) ?? JSON.stringify(serialize(data));
    return `${envelope(key)}"result":{"type":"data","id":${id},"data":{"id":${id},"data":${json}}}}`;
  }

  return {
    /** a subscription's next value: `{ id, result: { type: 'data', id?, data } }` */
    data(key: RequestKey, value: unknown): string | Buffer {
      const shared = isTrackedEnvelope(value) ? value[1] : null;
      if (typeof shared !== 'object' || shared === null || sharedJson(shared) === undefined) return dataFrameOf(key, value);
      let frames = framesByEvent.get(shared);
      if (!frames) framesByEvent.set(shared, (frames = new Map()));
      const cacheKey = `${key.jsonrpc ?? ''}${JSON.stringify(key.id)}`;
      let frame = frames.get(cacheKey);
      if (!frame) frames.set(cacheKey, (frame = Buffer.from(dataFrameOf(key, value))));
      return frame;
    },
    /** any other answer (a query's or mutation's result, started, stopped, an error), as tRPC writes it */
    message(response: TRPCResponseMessage): string {
      return JSON.stringify(transformTRPCResponse(config, response));
    },
  };
}

export type FrameWriter = ReturnType<typeof frameWriter>;
