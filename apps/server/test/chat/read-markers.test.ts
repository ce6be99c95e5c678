import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '@confab/sdk';
import type { TestServer } from '../harness.js';
import { send, startChatServer, streamEvents } from './helpers.js';
import { seeded } from './twins.js';

// A read marker moves on `read.updated` and on `message.created` (sending moves the author's
// marker to their message, with no read.updated for it). A view built from events alone by that
// rule must agree with the server, on the author's other device and for the other members.

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

/** markers[roomId][userId], built from events alone */
function applyMarker(markers: Map<string, Map<string, number>>, event: SyncEvent): void {
  const set = (roomId: string, userId: string, messageId: number) => {
    const room = markers.get(roomId) ?? new Map<string, number>();
    room.set(userId, Math.max(room.get(userId) ?? 0, messageId));
    markers.set(roomId, room);
  };
  if (event.type === 'read.updated') set(event.roomId, event.userId, event.lastReadMessageId);
  if (event.type === 'message.created') set(event.roomId, event.message.author.id, event.message.id);
}

describe('read markers from events alone', () => {
  it("the author's second device and the other members end with the server's markers and unread counts", async () => {
    const ana = await server.signUp('Ana');
    const bo = await server.signUp('Bo');
    const rooms = [
      await bo.client.room.create.mutate({ name: 'One', visibility: 'private', memberIds: [ana.user.id] }),
      await ana.client.room.create.mutate({ name: 'Two', visibility: 'private', memberIds: [bo.user.id] }),
    ];
    // Ana's second device and Bo, each keeping markers from events only (every room starts empty).
    const anaElsewhere = streamEvents(server.client(ana.token));
    const boStream = streamEvents(bo.client);
    await Promise.all([anaElsewhere.started, boStream.started]);

    const rng = seeded(17);
    const sent: { id: number; roomId: string; authorId: string }[] = [];
    for (let step = 0; step < 60; step++) {
      const room = rng.pick(rooms);
      if (!room) continue;
      const roll = rng.next();
      if (roll < 0.6) {
        const author = roll < 0.3 ? ana : bo;
        const message = await send(author.client, room.id, `m${step}`);
        sent.push({ id: message.id, roomId: room.id, authorId: author.user.id });
      } else {
        const target = rng.pick(sent.filter((m) => m.roomId === room.id));
        const reader = roll < 0.8 ? ana : bo;
        if (target) await reader.client.room.markRead.mutate({ roomId: room.id, messageId: target.id });
      }
    }
    const last = await send(bo.client, rooms[0]?.id ?? '', 'the end');
    const isLast = (e: SyncEvent) => e.type === 'message.created' && e.message.id === last.id;
    await Promise.all([anaElsewhere.until(isLast, 1, 'the end on her second device'), boStream.until(isLast, 1, 'the end for Bo')]);

    const anaView = new Map<string, Map<string, number>>();
    for (const event of anaElsewhere.events) applyMarker(anaView, event);
    const boView = new Map<string, Map<string, number>>();
    for (const event of boStream.events) applyMarker(boView, event);
    const messagesSeen = anaElsewhere.events.flatMap((e) => (e.type === 'message.created' ? [e.message] : []));

    for (const listed of await ana.client.room.list.query()) {
      const marker = anaView.get(listed.id)?.get(ana.user.id) ?? 0;
      expect(marker, `Ana's marker in ${listed.name}`).toBe(listed.lastReadMessageId);
      const unread = messagesSeen.filter((m) => m.roomId === listed.id && m.author.id !== ana.user.id && m.id > marker).length;
      expect(unread, `Ana's unread count in ${listed.name}`).toBe(listed.unreadCount);
    }
    for (const room of rooms) {
      const members = await bo.client.room.members.query({ roomId: room.id });
      const anaMember = members.find((m) => m.user.id === ana.user.id);
      expect(boView.get(room.id)?.get(ana.user.id) ?? 0, `Ana's marker in ${room.name}, as Bo sees it`).toBe(anaMember?.lastReadMessageId);
    }
    anaElsewhere.stop();
    boStream.stop();
  });
});
