import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { Me, ReactionDto } from '@confab/api/router';
import { trpc } from '../../lib/trpc.js';
import { useLongPress } from '../actions/long-press.js';
import { Popover } from '../actions/Popover.js';

interface Props {
  me: Me;
  roomId: string;
  reactions: ReactionDto[];
  onToggle: (emoji: string) => void;
}

/** The reaction chips under a message; who reacted shows on hover (title) and on a long-press. */
export function Reactions({ me, roomId, reactions, onToggle }: Props) {
  // the room's member list is already cached by the room view: this reads it, no extra request
  const members = useQuery(trpc.room.members.queryOptions({ roomId }, { staleTime: 60_000 }));
  const nameOf = (userId: string) =>
    userId === me.id ? 'You' : (members.data?.find((member) => member.user.id === userId)?.user.name ?? 'someone who left');
  return (
    <div className="reactions">
      {reactions.map((reaction) => (
        <ReactionChip
          key={reaction.emoji}
          reaction={reaction}
          reacted={reaction.userIds.includes(me.id)}
          names={reaction.userIds.map(nameOf)}
          onToggle={onToggle}
        />
      ))}
    </div>
  );
}

function ReactionChip({
  reaction,
  reacted,
  names,
  onToggle,
}: {
  reaction: ReactionDto;
  reacted: boolean;
  names: string[];
  onToggle: (emoji: string) => void;
}) {
  const [showingWho, setShowingWho] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);
  const longPress = useLongPress(() => setShowingWho(true));
  const who = `${names.join(', ')} reacted with ${reaction.emoji}`;
  return (
    <>
      <button
        ref={ref}
        className={`reaction${reacted ? ' reacted' : ''}`}
        aria-pressed={reacted}
        aria-label={`${reaction.emoji} ${reaction.count}, ${reacted ? 'remove your reaction' : 'react'}`}
        title={who}
        onClick={() => onToggle(reaction.emoji)}
        {...longPress}
      >
        <span>{reaction.emoji}</span>
        <span className="reaction-count">{reaction.count}</span>
      </button>
      {showingWho && (
        <Popover anchor={ref} onClose={() => setShowingWho(false)} className="who-reacted" dialogLabel={`Who reacted with ${reaction.emoji}`}>
          <p className="who-reacted-title">{reaction.emoji}</p>
          <ul>
            {names.map((name, index) => (
              <li key={`${name}-${index}`}>{name}</li>
            ))}
          </ul>
        </Popover>
      )}
    </>
  );
}
