import type { ReplyToDto } from '@confab/api/router';
import { ReplyIcon } from '../actions/icons.js';

/**
 * The compact quote above a reply: who and what it answers; clicking it opens the original in
 * place (history loads around it). A deleted original is named as such and goes nowhere.
 */
export function ReplyQuote({ replyTo, onJump }: { replyTo: ReplyToDto; onJump: (messageId: number) => void }) {
  if (replyTo.deleted || !replyTo.author) {
    return (
      <p className="reply-quote deleted">
        <ReplyIcon />
        <span>Replying to a deleted message</span>
      </p>
    );
  }
  return (
    <button className="reply-quote" onClick={() => onJump(replyTo.id)} title="Show the original message">
      <ReplyIcon />
      <span className="reply-quote-author">{replyTo.author.name}</span>
      <span className="reply-quote-excerpt">{replyTo.excerpt || 'attachment'}</span>
    </button>
  );
}
