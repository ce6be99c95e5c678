import { useEffect, useRef, useState } from 'react';
import { skipToken } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { Me, SyncEvent } from '@confab/api/router';
import { client, onApiError, trpc } from '../lib/trpc.js';
import {
  addMessage,
  forgetRoom,
  refetchEverything,
  refreshMembers,
  refreshRoomList,
  replaceMessage,
  roomGotMessage,
  setMemberReadMarker,
  setMyReadMarker,
  setReactions,
  updateRoom,
} from './cache.js';
import { notifyIfNeeded } from './notifications.js';
import { confirmSent } from './outbox.js';
import { applyPresence } from './presence.js';
import { applyTyping, clearAllTyping, setTyping } from './typing.js';
import { isReading } from './viewing.js';

/**
 * The three live streams of a signed-in session, started once. `sync.onEvent` drives every room
 * and message on screen; the socket resumes it from the last tracked id after a reconnect.
 */
export function useLiveStreams(me: Me): void {
  const started = useRef(false);
  // Where the stream starts: the log's position when the page started. A stream that has had no
  // event of its own yet resumes from there after a reconnect (without it the server could only
  // start it at "now", and whatever was committed while it was away would never arrive).
  const [start, setStart] = useState<{ lastEventId?: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    const begin = (from: { lastEventId?: string }) => {
      if (!cancelled) setStart(from);
    };
    // No position (an older server, say): start at "now"; the first start refetches anyway.
    client.sync.position.query().then(begin, () => begin({}));
    return () => {
      cancelled = true;
    };
  }, []);
  useSubscription(
    trpc.sync.onEvent.subscriptionOptions(start ?? skipToken, {
      // The first start: anything committed between the first page loads and the stream starting
      // is fetched again. A restart after a lost connection or a server restart resumes from the
      // last event id (the socket sends it, else the start position), so the server replays what
      // was missed and nothing is refetched; a gap too large to replay comes as `sync.reset`.
      onStarted: () => {
        if (started.current) return;
        started.current = true;
        refetchEverything();
      },
      onData: (tracked) => applyEvent(me, tracked.data),
      onError: onApiError,
    }),
  );
  useSubscription(trpc.presence.onChange.subscriptionOptions(undefined, { onData: applyPresence }));
  useSubscription(
    trpc.typing.onChange.subscriptionOptions(undefined, {
      onStarted: clearAllTyping,
      onData: applyTyping,
    }),
  );
}

let peopleRefetchQueued = false;
function refetchOnceForPeople(): void {
  if (peopleRefetchQueued) return;
  peopleRefetchQueued = true;
  setTimeout(() => {
    peopleRefetchQueued = false;
    refetchEverything();
  }, 0);
}

function applyEvent(me: Me, event: SyncEvent): void {
  switch (event.type) {
    case 'message.created': {
      const { message } = event;
      const mine = message.author.id === me.id;
      addMessage(message);
      if (mine) confirmSent(message.clientId);
      else {
        setTyping(message.roomId, message.author.id, message.author.name, false);
        // Sending moved the author's read marker to this message (the event contract says so).
        setMemberReadMarker(message.roomId, message.author.id, message.id);
      }
      const reading = isReading(message.roomId);
      const mentionsMe = event.mentionedUserIds?.includes(me.id) ?? false;
      roomGotMessage(message, me.id, reading, mentionsMe);
      // Read while reading: the open room marks what is on screen (useReadAsSeen, at most every
      // 0.5 s), so a burst of messages (a replay after a reconnect) costs one markRead, not one each.
      if (!mine) notifyIfNeeded(me, message, mentionsMe);
      return;
    }
    case 'message.updated':
    case 'message.deleted':
      replaceMessage(event.message);
      return;
    case 'reaction.changed':
      setReactions(event.roomId, event.messageId, event.reactions);
      return;
    case 'member.joined':
      if (event.member.user.id === me.id) refreshRoomList();
      else refreshMembers(event.roomId);
      return;
    case 'member.left':
      if (event.userId === me.id) forgetRoom(event.roomId);
      else refreshMembers(event.roomId);
      return;
    case 'member.updated':
      refreshMembers(event.roomId);
      return;
    case 'user.updated':
      // One copy arrives per shared room; names and avatars sit in many cached pages, so refetch once.
      refetchOnceForPeople();
      return;
    case 'room.updated':
      updateRoom(event.roomId, (room) => ({
        ...room,
        name: room.kind === 'direct' ? room.name : (event.room.name ?? room.name),
        topic: event.room.topic,
      }));
      return;
    case 'read.updated':
      if (event.userId === me.id) setMyReadMarker(event.roomId, event.lastReadMessageId);
      else setMemberReadMarker(event.roomId, event.userId, event.lastReadMessageId);
      return;
    case 'notification.updated':
      // My level changed on another device; the badge counts follow from the server's room list.
      refreshRoomList();
      return;
    case 'sync.reset':
      refetchEverything();
      return;
  }
}
