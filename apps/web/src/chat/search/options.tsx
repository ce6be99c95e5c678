import type { PublicUser, RoomDto, SearchHit } from '@confab/api/router';
import { formatFull, formatWhen } from '../../lib/format.js';
import { Avatar } from '../../ui/Avatar.js';
import { HashIcon, LockIcon } from '../../ui/icons.js';

/** How each kind of search result reads in the list. */

export function RoomOption({ room, prefix }: { room: RoomDto; prefix?: string }) {
  return (
    <span className="search-line">
      {room.kind === 'direct' ? (
        <Avatar name={room.name} url={room.peer?.avatarUrl} size={22} />
      ) : (
        <span className="room-glyph" aria-hidden="true">
          {room.visibility === 'private' ? <LockIcon /> : <HashIcon />}
        </span>
      )}
      {prefix && <span className="search-prefix">{prefix}</span>}
      <span className="search-name">{room.name}</span>
      <span className="search-kind">{room.kind === 'direct' ? 'Direct message' : 'Room'}</span>
    </span>
  );
}

export function PersonOption({ person, prefix }: { person: Pick<PublicUser, 'id' | 'name' | 'avatarUrl'>; prefix?: string }) {
  return (
    <span className="search-line">
      <Avatar name={person.name} url={person.avatarUrl} size={22} />
      {prefix && <span className="search-prefix">{prefix}</span>}
      <span className="search-name">{person.name}</span>
      <span className="search-kind">{prefix ? 'Person' : 'Message them'}</span>
    </span>
  );
}

/** A message found: the matched words marked (from the server's snippet runs, never markup), room, author and time. */
export function HitOption({ hit }: { hit: SearchHit }) {
  return (
    <span className="search-hit">
      <span className="search-hit-meta">
        <span className="search-hit-room">{hit.room.kind === 'direct' ? hit.room.name : `#${hit.room.name}`}</span>
        <span className="search-hit-author">{hit.message.author.name}</span>
        <time dateTime={hit.message.createdAt} title={formatFull(hit.message.createdAt)}>
          {formatWhen(hit.message.createdAt)}
        </time>
      </span>
      <span className="search-snippet">
        {hit.snippet.map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
        {hit.message.attachments.length > 0 && <span className="search-attachments"> · {hit.message.attachments.length} attachment(s)</span>}
      </span>
    </span>
  );
}
