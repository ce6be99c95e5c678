import type { Me } from '@confab/api/router';
import { Avatar } from '../ui/Avatar.js';
import { Attachments } from './Attachments.js';
import { MessageText } from './MessageText.js';
import { discardSend, retrySend, type PendingMessage } from './outbox.js';

/** My message on its way: a pending look while sending, "Not sent" with Retry when it failed. */
export function PendingItem({ me, pending, memberNames }: { me: Me; pending: PendingMessage; memberNames: readonly string[] }) {
  return (
    <article
      className={`message mine pending${pending.status === 'failed' ? ' failed' : ''}`}
      aria-label={`${me.name}, ${pending.status === 'failed' ? 'not sent' : 'sending'}`}
    >
      <div className="message-gutter">
        <Avatar name={me.name} url={me.avatarUrl} size={36} />
      </div>
      <div className="message-main">
        <header className="message-header">
          <span className="message-author">{me.name}</span>
          <span className="pending-label">{pending.status === 'failed' ? 'Not sent' : 'Sending…'}</span>
        </header>
        {pending.body && (
          <div className="message-body">
            <MessageText body={pending.body} memberNames={memberNames} myName={me.name} />
          </div>
        )}
        {pending.attachments.length > 0 && <Attachments attachments={pending.attachments} />}
        {pending.status === 'failed' && (
          <div className="failed-row" role="alert">
            <span>{pending.error ?? 'Could not send.'}</span>
            <button className="button button-small" onClick={() => retrySend(me, pending.clientId)}>
              Retry
            </button>
            <button className="button button-small button-ghost" onClick={() => discardSend(pending.clientId)}>
              Discard
            </button>
          </div>
        )}
      </div>
    </article>
  );
}
