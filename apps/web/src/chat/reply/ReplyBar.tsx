import { CloseIcon } from '../../ui/icons.js';
import { cancelReply, focusComposer, type ReplyTarget } from './composer-state.js';

/** "Replying to Ana: …" above the composer while a reply is being written; × or Escape cancels it. */
export function ReplyBar({ roomId, target }: { roomId: string; target: ReplyTarget }) {
  return (
    <div className="reply-bar" role="status" aria-label={`Replying to ${target.author.name}`}>
      <span className="reply-bar-text">
        Replying to <strong>{target.author.name}</strong>
        {target.excerpt && <span className="reply-bar-excerpt">: {target.excerpt}</span>}
      </span>
      <button
        className="icon-button small"
        aria-label="Cancel reply"
        title="Cancel reply (Escape)"
        onClick={() => {
          cancelReply(roomId);
          focusComposer();
        }}
      >
        <CloseIcon />
      </button>
    </div>
  );
}
