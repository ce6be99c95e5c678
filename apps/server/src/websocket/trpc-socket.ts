import type { IncomingMessage } from 'node:http';
import { callTRPCProcedure, getErrorShape, getTRPCErrorFromUnknown, TRPCError, type AnyRouter, type ProcedureType } from '@trpc/server';
import { parseConnectionParamsFromUnknown, type TRPCRequestInfo } from '@trpc/server/http';
import { parseTRPCMessage, type TRPCClientOutgoingMessage } from '@trpc/server/rpc';
import type { WebSocket } from 'ws';
import { frameWriter, type RequestKey } from './frames.js';
import { keepAlive, type KeepAliveOptions } from './keepalive.js';
import { streamSubscription } from './subscription.js';

export interface TrpcSocketOptions<TContext> {
  router: AnyRouter;
  /** the context of every call on this socket, made once (after its connectionParams, if it announced them) */
  createContext(socket: WebSocket, request: IncomingMessage, info: TRPCRequestInfo): TContext | Promise<TContext>;
  keepAlive: KeepAliveOptions;
  onError(failure: { error: TRPCError; path: string | undefined; type: ProcedureType | 'unknown' }): void;
  /**
   * Offers the API a way to write a subscription's values straight to the socket, under the
   * signal the procedure gets (the event bus's `offerSink`): a live stream handed over there
   * costs one frame write per event and subscriber, and no async iteration.
   */
  offerSink(signal: AbortSignal, sink: (value: unknown) => void): void;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: TRPCError };

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * Confab's side of tRPC's WebSocket protocol, message for message what `@trpc/server`'s ws
 * adapter does (so `@trpc/client`'s wsLink, the SDK and the web client speak to it unchanged):
 * `?connectionParams=1` and the `connectionParams` message, one context per socket, queries,
 * mutations and subscriptions (one message or a batch per frame), `lastEventId` folded into the
 * input, `subscription.stop`, `started` / `data` (tracked ids) / `stopped`, errors in tRPC's
 * shape, PING/PONG keepalive. It exists for fan-out: a subscription's values are written as
 * ready frames (see frames.ts, subscription.ts) without the adapter's per-value promise race,
 * object spreads and per-socket serialisation.
 */
export function trpcSocketHandler<TContext>(options: TrpcSocketOptions<TContext>) {
  const { router } = options;
  const config = router._def._config;
  const frames = frameWriter(router);

  return (socket: WebSocket, request: IncomingMessage) => {
    const closed = new AbortController();
    const subscriptions = new Map<string | number, AbortController>();
    const heard = keepAlive(socket, options.keepAlive);
    let ctx: TContext | undefined;

    const send = (frame: string | Buffer) => {
      if (socket.readyState === socket.OPEN) socket.send(frame, { binary: false });
    };
    const fail = (key: RequestKey | null, cause: unknown, path?: string, type: ProcedureType | 'unknown' = 'unknown', input?: unknown) => {
      const error = getTRPCErrorFromUnknown(cause);
      options.onError({ error, path, type });
      const shape = getErrorShape({ config, error, type, path, input, ctx });
      send(frames.message({ id: key?.id ?? null, jsonrpc: key?.jsonrpc, error: shape }));
    };

    async function makeContext(connectionParams: () => TRPCRequestInfo['connectionParams']): Promise<Settled<TContext>> {
      try {
        const info: TRPCRequestInfo = {
          connectionParams: connectionParams(),
          calls: [],
          isBatchCall: false,
          accept: null,
          type: 'unknown',
          signal: closed.signal,
          url: null,
        };
        ctx = await options.createContext(socket, request, info);
        return { ok: true, value: ctx };
      } catch (cause) {
        fail(null, cause);
        setImmediate(() => socket.close());
        return { ok: false, error: getTRPCErrorFromUnknown(cause) };
      }
    }

    const announcesParams = new URL(request.url ?? '/', 'http://confab.invalid').searchParams.get('connectionParams') === '1';
    let context: Promise<Settled<TContext>> | null = announcesParams ? null : makeContext(() => null);

    async function call(message: TRPCClientOutgoingMessage, batchIndex: number, ready: Promise<Settled<TContext>>): Promise<void> {
      const key: RequestKey = { id: message.id, jsonrpc: message.jsonrpc };
      if (message.id === null) return fail(key, new TRPCError({ code: 'PARSE_ERROR', message: '`id` is required' }));
      if (message.method === 'subscription.stop') return subscriptions.get(message.id)?.abort();
      const { path, lastEventId } = message.params;
      const type = message.method;
      let input: unknown = message.params.input;
      if (lastEventId !== undefined) {
        input = typeof input === 'object' && input !== null ? { ...input, lastEventId } : (input ?? { lastEventId });
      }
      const aborted = new AbortController();
      if (type === 'subscription') {
        options.offerSink(aborted.signal, (value) => {
          if (aborted.signal.aborted) return;
          try {
            send(frames.data(key, value));
          } catch (cause) {
            // Called while an event is published: never let one socket's failure reach the others.
            fail(key, cause, path, type, input);
            socket.terminate();
          }
        });
      }
      try {
        const settled = await ready;
        if (!settled.ok) throw settled.error;
        const result: unknown = await callTRPCProcedure({
          router,
          path,
          getRawInput: () => Promise.resolve(input),
          ctx: settled.value,
          type,
          signal: type === 'subscription' ? aborted.signal : closed.signal,
          batchIndex,
        });
        if (type !== 'subscription') {
          if (isAsyncIterable(result)) {
            throw new TRPCError({
              code: 'UNSUPPORTED_MEDIA_TYPE',
              message: `Cannot return an async iterable or observable from a ${type} procedure with WebSockets`,
            });
          }
          return send(frames.message({ id: message.id, jsonrpc: message.jsonrpc, result: { type: 'data', data: result } }));
        }
        if (!isAsyncIterable(result)) {
          throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `Subscription ${path} did not return an observable or a AsyncGenerator` });
        }
        if (socket.readyState !== socket.OPEN) return void aborted.abort();
        if (subscriptions.has(message.id)) throw new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate id ${message.id}` });
        const id = message.id;
        subscriptions.set(id, aborted);
        streamSubscription(key, result, aborted.signal, frames, {
          send,
          fail: (cause) => fail(key, cause, path, type, input),
          forget: () => subscriptions.get(id) === aborted && subscriptions.delete(id),
        });
        send(frames.message({ id, jsonrpc: message.jsonrpc, result: { type: 'started' } }));
      } catch (cause) {
        fail(key, cause, path, type, input);
      }
    }

    socket.on('message', (raw: Buffer, isBinary: boolean) => {
      heard();
      const text = isBinary ? null : raw.toString('utf8');
      if (text === 'PONG') return;
      if (text === 'PING') return send('PONG');
      if (context === null) {
        context = makeContext(() => {
          try {
            const params: unknown = text === null ? null : JSON.parse(text);
            if (typeof params !== 'object' || params === null) throw new Error('Message was not an object');
            return parseConnectionParamsFromUnknown((params as { data?: unknown }).data);
          } catch (cause) {
            throw new TRPCError({ code: 'PARSE_ERROR', message: 'Malformed TRPCConnectionParamsMessage', cause });
          }
        });
        return;
      }
      let messages: TRPCClientOutgoingMessage[];
      try {
        if (text === null) throw new Error('Confab speaks JSON over text frames; binary frames are not understood.');
        const parsed: unknown = JSON.parse(text);
        messages = (Array.isArray(parsed) ? parsed : [parsed]).map((item) => parseTRPCMessage(item, config.transformer));
      } catch (cause) {
        return fail(null, new TRPCError({ code: 'PARSE_ERROR', cause }));
      }
      const ready = context;
      messages.forEach((message, index) => void call(message, index, ready));
    });
    socket.once('close', () => {
      for (const subscription of subscriptions.values()) subscription.abort();
      subscriptions.clear();
      closed.abort();
    });
  };
}
