import { useMutation } from '@tanstack/react-query';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AttachmentDto, Me, MessageDto } from '@confab/api/router';
import { errorMessage } from '../lib/errors.js';
import { formatFull, formatTime } from '../lib/format.js';
import { trpc } from '../lib/trpc.js';
import { Avatar } from '../ui/Avatar.js';
import { EditIcon, SmileIcon, TrashIcon } from '../ui/icons.js';
import { replaceMessage, setReactions } from './cache.js';
import { Attachments } from './Attachments.js';
import { MessageText } from './MessageText.js';

const COMMON_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀', '🔥', '✅'];

interface MessageProps {
  me: Me;
  message: MessageDto;
  /** same author as the message above, within a few minutes: no avatar or name */
  isContinuation: boolean;
  memberNames: readonly string[];
  isEditing: boolean;
  onEditingChange: (messageId: number | null) => void;
  onOpenImage: (attachment: AttachmentDto) => void;
  seen: boolean;
}

export const MessageItem = memo(function MessageItem({
  me,
  message,
  isContinuation,
  memberNames,
  isEditing,
  onEditingChange,
  onOpenImage,
  seen,
}: MessageProps) {
  const mine = message.author.id === me.id;
  const deleted = message.deletedAt !== null;
  const [picking, setPicking] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const react = useMutation(
    trpc.message.react.mutationOptions({ onSuccess: (updated) => setReactions(updated.roomId, updated.id, updated.reactions) }),
  );
  const remove = useMutation(trpc.message.delete.mutationOptions({ onSuccess: replaceMessage }));

  const toggle = (emoji: string) => {
    setPicking(false);
    react.mutate({ messageId: message.id, emoji });
  };

  return (
    <article
      className={`message${isContinuation ? ' continuation' : ''}${mine ? ' mine' : ''}`}
      aria-label={`${message.author.name}, ${formatTime(message.createdAt)}`}
      data-message-id={message.id}
    >
      <div className="message-gutter">
        {isContinuation ? (
          <time className="message-hover-time" dateTime={message.createdAt} title={formatFull(message.createdAt)}>
            {formatTime(message.createdAt)}
          </time>
        ) : (
          <Avatar name={message.author.name} url={message.author.avatarUrl} size={36} />
        )}
      </div>
      <div className="message-main">
        {!isContinuation && (
          <header className="message-header">
            <span className="message-author">{message.author.name}</span>
            <time dateTime={message.createdAt} title={formatFull(message.createdAt)}>
              {formatTime(message.createdAt)}
            </time>
          </header>
        )}
        {deleted ? (
          <p className="message-body tombstone">This message was deleted.</p>
        ) : isEditing ? (
          <EditBox message={message} onDone={() => onEditingChange(null)} />
        ) : (
          <>
            {message.body && (
              <div className="message-body">
                <MessageText body={message.body} memberNames={memberNames} myName={me.name} />
                {message.editedAt && (
                  <span className="edited" title={`Edited ${formatFull(message.editedAt)}`}>
                    {' '}
                    (edited)
                  </span>
                )}
              </div>
            )}
            {message.attachments.length > 0 && <Attachments attachments={message.attachments} onOpenImage={onOpenImage} />}
          </>
        )}
        {!deleted && message.reactions.length > 0 && (
          <div className="reactions">
            {message.reactions.map((reaction) => {
              const reacted = reaction.userIds.includes(me.id);
              return (
                <button
                  key={reaction.emoji}
                  className={`reaction${reacted ? ' reacted' : ''}`}
                  aria-pressed={reacted}
                  aria-label={`${reaction.emoji} ${reaction.count}, ${reacted ? 'remove your reaction' : 'react'}`}
                  onClick={() => toggle(reaction.emoji)}
                >
                  <span>{reaction.emoji}</span>
                  <span className="reaction-count">{reaction.count}</span>
                </button>
              );
            })}
          </div>
        )}
        {(react.error || remove.error) && (
          <p className="field-error" role="alert">
            {errorMessage(react.error ?? remove.error)}
          </p>
        )}
        {confirmingDelete && (
          <div className="confirm-row" role="group" aria-label="Confirm delete">
            <span>Delete this message for everyone?</span>
            <button
              className="button button-small button-danger"
              onClick={() => remove.mutate({ messageId: message.id })}
              disabled={remove.isPending}
            >
              Delete
            </button>
            <button className="button button-small" onClick={() => setConfirmingDelete(false)}>
              Cancel
            </button>
          </div>
        )}
        {seen && <p className="seen">Seen</p>}
      </div>
      {!deleted && !isEditing && (
        <div className={`message-actions${picking ? ' open' : ''}`}>
          <button
            className="icon-button small"
            aria-label="Add reaction"
            title="Add reaction"
            aria-expanded={picking}
            onClick={() => setPicking((p) => !p)}
          >
            <SmileIcon />
          </button>
          {mine && (
            <>
              <button className="icon-button small" aria-label="Edit message" title="Edit" onClick={() => onEditingChange(message.id)}>
                <EditIcon />
              </button>
              <button className="icon-button small" aria-label="Delete message" title="Delete" onClick={() => setConfirmingDelete(true)}>
                <TrashIcon />
              </button>
            </>
          )}
          {picking && <EmojiPicker onPick={toggle} onClose={() => setPicking(false)} />}
        </div>
      )}
    </article>
  );
});

function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const close = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [onClose]);
  return (
    <div className="emoji-picker" ref={ref} role="group" aria-label="Pick a reaction" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      {COMMON_EMOJI.map((emoji) => (
        <button key={emoji} className="emoji-choice" aria-label={`React with ${emoji}`} onClick={() => onPick(emoji)}>
          {emoji}
        </button>
      ))}
    </div>
  );
}

function EditBox({ message, onDone }: { message: MessageDto; onDone: () => void }) {
  const [body, setBody] = useState(message.body);
  const ref = useRef<HTMLTextAreaElement>(null);
  const edit = useMutation(
    trpc.message.edit.mutationOptions({
      onSuccess: (updated) => {
        replaceMessage(updated);
        onDone();
      },
    }),
  );
  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }, []);
  const save = () => {
    const trimmed = body.trim();
    if (!trimmed || trimmed === message.body) return onDone();
    edit.mutate({ messageId: message.id, body: trimmed });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  };
  return (
    <div className="edit-box">
      <textarea
        ref={ref}
        aria-label="Edit message"
        value={body}
        rows={Math.min(8, body.split('\n').length + 1)}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="edit-actions">
        <span className="field-hint">Escape to cancel · Enter to save</span>
        {edit.error && <span className="field-error">{errorMessage(edit.error)}</span>}
        <button className="button button-small" onClick={onDone}>
          Cancel
        </button>
        <button className="button button-small button-primary" onClick={save} disabled={edit.isPending}>
          Save
        </button>
      </div>
    </div>
  );
}
