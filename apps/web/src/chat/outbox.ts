import { useEffect } from 'react';
import type { AttachmentDto, Me } from '@confab/api/router';
import { newClientId } from '@confab/sdk';
import { errorMessage } from '../lib/errors.js';
import { createStore, useStore } from '../lib/store.js';
import { client } from '../lib/trpc.js';
import { addMessage, roomGotMessage } from './cache.js';

/** A message I sent that the server has not confirmed yet (or refused). */
export interface PendingMessage {
  clientId: string;
  roomId: string;
  body: string;
  attachments: AttachmentDto[];
  createdAt: string;
  /** the message this one answers */
  replyToId?: number;
  status: 'sending' | 'failed';
  error?: string;
}

const outbox = createStore<readonly PendingMessage[]>([]);

function patch(clientId: string, change: Partial<PendingMessage> | null): void {
  outbox.set((list) =>
    change === null ? list.filter((m) => m.clientId !== clientId) : list.map((m) => (m.clientId === clientId ? { ...m, ...change } : m)),
  );
}

/** The sync stream delivered my message: the pending copy can go. */
export function confirmSent(clientId: string): void {
  if (outbox.get().some((m) => m.clientId === clientId)) patch(clientId, null);
}

/**
 * Shows the message at once, then sends it. A failure leaves it on screen, marked, with Retry;
 * the retry reuses the clientId, so a send that did land is never posted twice.
 */
export function sendMessage(me: Me, roomId: string, body: string, attachments: AttachmentDto[], replyToId?: number): void {
  const pending: PendingMessage = {
    clientId: newClientId(),
    roomId,
    body,
    attachments,
    createdAt: new Date().toISOString(),
    status: 'sending',
    ...(replyToId === undefined ? {} : { replyToId }),
  };
  outbox.set((list) => [...list, pending]);
  void deliver(me, pending);
}

export function retrySend(me: Me, clientId: string): void {
  const pending = outbox.get().find((m) => m.clientId === clientId);
  if (!pending) return;
  patch(clientId, { status: 'sending', error: undefined });
  void deliver(me, pending);
}

export function discardSend(clientId: string): void {
  patch(clientId, null);
}

async function deliver(me: Me, pending: PendingMessage): Promise<void> {
  try {
    // One attempt (not client.send's retries): a failure shows at once as "Not sent", and Retry reuses the clientId.
    const message = await client.message.send.mutate({
      roomId: pending.roomId,
      body: pending.body,
      clientId: pending.clientId,
      attachmentIds: pending.attachments.length ? pending.attachments.map((a) => a.id) : undefined,
      replyToId: pending.replyToId,
    });
    addMessage(message);
    roomGotMessage(message, me.id, true);
    patch(pending.clientId, null);
  } catch (error) {
    patch(pending.clientId, { status: 'failed', error: errorMessage(error) });
  }
}

const storageKey = (userId: string) => `confab.outbox.${userId}`;

/** What localStorage held, kept only where it still looks like a pending message. */
function readSaved(key: string): PendingMessage[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (m): m is PendingMessage =>
        typeof m === 'object' &&
        m !== null &&
        typeof m.clientId === 'string' &&
        typeof m.roomId === 'string' &&
        typeof m.body === 'string' &&
        Array.isArray(m.attachments) &&
        typeof m.createdAt === 'string',
    );
  } catch {
    return [];
  }
}

/**
 * Unconfirmed messages are kept in localStorage while signed in, so closing the tab or a crash
 * mid-send loses nothing: on the next load they are sent again with their own clientId, which
 * the server answers with the stored message if the first attempt had landed after all.
 */
export function useOutboxKeptAcrossReloads(me: Me): void {
  useEffect(() => {
    const key = storageKey(me.id);
    for (const saved of readSaved(key)) {
      if (outbox.get().some((m) => m.clientId === saved.clientId)) continue;
      const pending: PendingMessage = { ...saved, status: 'sending', error: undefined };
      outbox.set((list) => [...list, pending]);
      void deliver(me, pending);
    }
    const save = () => {
      const list = outbox.get();
      try {
        if (list.length > 0) localStorage.setItem(key, JSON.stringify(list));
        else localStorage.removeItem(key);
      } catch {
        // Storage full or disabled: the outbox still works for this page's lifetime.
      }
    };
    save();
    const unsubscribe = outbox.subscribe(save);
    // "Not sent" messages go out by themselves when the connection comes back: one attempt each
    // time it does, with their own clientId, so one that had landed after all is not posted twice.
    const stopWatching = client.onConnectionState((state) => {
      if (state !== 'live') return;
      for (const pending of outbox.get()) if (pending.status === 'failed') retrySend(me, pending.clientId);
    });
    return () => {
      unsubscribe();
      stopWatching();
      // Signed out: what is still pending stays saved for this user's next sign-in, not shown to the next one.
      outbox.set([]);
    };
    // One outbox per user: a new name or avatar on `me` must not resend anything.
  }, [me.id]);
}

const NONE: PendingMessage[] = [];
const byRoom = new WeakMap<readonly PendingMessage[], Map<string, PendingMessage[]>>();

export function usePending(roomId: string): PendingMessage[] {
  return useStore(outbox, (list) => {
    let groups = byRoom.get(list);
    if (!groups) {
      groups = new Map();
      for (const m of list) groups.set(m.roomId, [...(groups.get(m.roomId) ?? []), m]);
      byRoom.set(list, groups);
    }
    return groups.get(roomId) ?? NONE;
  });
}
