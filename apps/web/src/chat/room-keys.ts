import { useEffect } from 'react';
import type { RoomDto } from '@confab/api/router';
import { openRoom } from './browser-page.js';

export /** Alt+↑/↓ opens the room above/below in the sidebar; with Shift, the next one with something unread. */
function useRoomKeys(ordered: RoomDto[], openRoomId: string | null): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
      const step = event.key === 'ArrowUp' ? -1 : 1;
      const candidates = event.shiftKey
        ? ordered.filter((room) => room.id === openRoomId || (room.notificationLevel !== 'nothing' && room.unreadCount > 0) || room.mentionCount > 0)
        : ordered;
      const here = candidates.findIndex((room) => room.id === openRoomId);
      const next = here < 0 ? candidates[step > 0 ? 0 : candidates.length - 1] : candidates[here + step];
      if (!next || next.id === openRoomId) return;
      event.preventDefault();
      openRoom(next.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ordered, openRoomId]);
}
