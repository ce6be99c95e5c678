import { useMutation, useQuery } from '@tanstack/react-query';
import { memo, useRef, useState } from 'react';
import type { AttachmentDto, Me, MessageDto } from '@confab/api/router';
import { errorMessage } from '../lib/errors.js';
import { formatFull, formatTime } from '../lib/format.js';
import { trpc } from '../lib/trpc.js';
import { Avatar } from '../ui/Avatar.js';
import { EditIcon, SmileIcon, TrashIcon } from '../ui/icons.js';
import { ActionsMenu, type MenuAction } from './actions/ActionsMenu.js';
import { EditBox } from './actions/EditBox.js';
import { LinkIcon, MoreIcon, ReplyIcon } from './actions/icons.js';
import { useLongPress } from './actions/long-press.js';
import { copyText, permalinkOf } from './actions/permalink.js';
import { Attachments } from './Attachments.js';
import { replaceMessage, setReactions } from './cache.js';
import { EmojiPicker } from './emoji/EmojiPicker.js';
import { Reactions } from './emoji/Reactions.js';
import { MessageText } from './MessageText.js';
import { markUnreadAction } from './mark-unread.js';
import { focusComposer, startReply } from './reply/composer-state.js';
import { openAt } from './browser-page.js';
import { ReplyQuote } from './reply/ReplyQuote.js';

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

/** open: from the "…" button or a long-press (`sheet`: as a bottom sheet on a phone) */
type Open = { sheet: boolean } | null;

// a press that starts on something that acts on its own (a link, a chip, a player) is left to it
const OWN_PRESS = 'a, button, input, textarea, video, audio';

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
  const [menu, setMenu] = useState<Open>(null);
  const [picker, setPicker] = useState<Open>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  // a group's owner may delete anyone's message there (the server checks the same)
  const room = useQuery({ ...trpc.room.list.queryOptions(), select: (rooms) => rooms.find((r) => r.id === message.roomId) });
  const mayDelete = mine || (room.data?.kind === 'group' && room.data.role === 'owner');
  const react = useMutation(
    trpc.message.react.mutationOptions({ onSuccess: (updated) => setReactions(updated.roomId, updated.id, updated.reactions) }),
  );
  const remove = useMutation(
    trpc.message.delete.mutationOptions({
      onSuccess: (updated) => {
        setConfirmingDelete(false);
        replaceMessage(updated);
        // the confirm and the message's buttons are gone with it: the composer takes the focus, not <body>
        focusComposer();
      },
    }),
  );
  const longPress = useLongPress(() => !deleted && !isEditing && setMenu({ sheet: true }));

  const toggle = (emoji: string) => {
    setPicker(null);
    react.mutate({ messageId: message.id, emoji });
  };

  const cancelDelete = () => {
    setConfirmingDelete(false);
    moreRef.current?.focus();
  };

  const actions: MenuAction[] = [
    { label: 'Reply', icon: <ReplyIcon />, onSelect: () => startReply(message, excerptOf(message)) },
    { label: 'Add reaction', icon: <SmileIcon />, onSelect: () => setPicker({ sheet: menu?.sheet ?? false }) },
    ...(mine ? [{ label: 'Edit', icon: <EditIcon />, onSelect: () => onEditingChange(message.id) }] : []),
    { label: 'Copy link', icon: <LinkIcon />, onSelect: () => void copyText(permalinkOf(message.roomId, message.id), 'Link copied') },
    markUnreadAction(message),
    ...(mayDelete ? [{ label: 'Delete', icon: <TrashIcon />, onSelect: () => setConfirmingDelete(true), danger: true }] : []),
  ];

  return (
    <article
      className={`message${isContinuation ? ' continuation' : ''}${mine ? ' mine' : ''}`}
      aria-label={`${message.author.name}, ${formatTime(message.createdAt)}`}
      data-message-id={message.id}
      {...longPress}
      onPointerDown={(event) => {
        // (events from the menu and the picker bubble here through their portal: not from inside this message)
        const target = event.target;
        if (target instanceof Element && event.currentTarget.contains(target) && !target.closest(OWN_PRESS)) longPress.onPointerDown(event);
      }}
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
            {message.author.kind === 'bot' && <span className="bot-badge">bot</span>}
            {message.author.deactivated && <span className="author-note">(deactivated)</span>}
            <time dateTime={message.createdAt} title={formatFull(message.createdAt)}>
              {formatTime(message.createdAt)}
            </time>
          </header>
        )}
        {message.replyTo && !deleted && <ReplyQuote replyTo={message.replyTo} onJump={(id) => openAt(message.roomId, id)} />}
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
          <Reactions
            me={me}
            roomId={message.roomId}
            reactions={message.reactions}
            onToggle={(emoji) => {
              // taking back the last one of a reaction removes its chip: the focus goes to the "…" button, not <body>
              const chip = message.reactions.find((r) => r.emoji === emoji);
              if (chip?.count === 1 && chip.userIds.includes(me.id)) moreRef.current?.focus();
              toggle(emoji);
            }}
          />
        )}
        {(react.error || remove.error) && (
          <p className="field-error" role="alert">
            {errorMessage(react.error ?? remove.error)}
          </p>
        )}
        {confirmingDelete && !deleted && (
          <div
            className="confirm-row"
            role="group"
            aria-label="Confirm delete"
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              event.preventDefault();
              event.stopPropagation();
              cancelDelete();
            }}
          >
            <span>{mine ? 'Delete this message for everyone?' : `Delete ${message.author.name}'s message for everyone?`}</span>
            <button
              className="button button-small button-danger"
              onClick={() => remove.mutate({ messageId: message.id })}
              disabled={remove.isPending}
              autoFocus
            >
              Delete
            </button>
            <button className="button button-small" onClick={cancelDelete}>
              Cancel
            </button>
          </div>
        )}
        {seen && <p className="seen">Seen</p>}
      </div>
      {!deleted && !isEditing && (
        <div className={`message-actions${menu || picker ? ' open' : ''}`} ref={toolbarRef}>
          <button
            className="icon-button small"
            tabIndex={-1}
            aria-label="Add reaction"
            title="Add reaction"
            onClick={() => setPicker({ sheet: false })}
          >
            <SmileIcon />
          </button>
          <button
            className="icon-button small"
            tabIndex={-1}
            aria-label="Reply"
            title="Reply"
            onClick={() => startReply(message, excerptOf(message))}
          >
            <ReplyIcon />
          </button>
          {mine && (
            <button className="icon-button small" tabIndex={-1} aria-label="Edit message" title="Edit" onClick={() => onEditingChange(message.id)}>
              <EditIcon />
            </button>
          )}
          {mayDelete && (
            <button className="icon-button small" tabIndex={-1} aria-label="Delete message" title="Delete" onClick={() => setConfirmingDelete(true)}>
              <TrashIcon />
            </button>
          )}
          <button
            ref={moreRef}
            className="icon-button small"
            aria-label={`More actions: message from ${message.author.name}`}
            title="More actions"
            aria-haspopup="menu"
            aria-expanded={menu !== null}
            onClick={() => setMenu((open) => (open ? null : { sheet: false }))}
          >
            <MoreIcon />
          </button>
        </div>
      )}
      {menu && (
        <ActionsMenu
          label={`Message from ${message.author.name}`}
          actions={actions}
          anchor={moreRef}
          sheet={menu.sheet}
          onClose={() => setMenu(null)}
        />
      )}
      {picker && (
        <EmojiPicker
          anchor={toolbarRef}
          sheet={picker.sheet}
          onPick={(emoji) => {
            toggle(emoji);
            // the picked button goes away with the picker: the focus goes back where it came from, never to <body>
            moreRef.current?.focus();
          }}
          onClose={(returnFocus) => {
            setPicker(null);
            if (returnFocus) moreRef.current?.focus();
          }}
        />
      )}
    </article>
  );
});

/** the start of a message on one line, for the reply bar */
function excerptOf(message: MessageDto): string {
  const line = message.body.replace(/\s+/g, ' ').trim();
  if (!line) return message.attachments[0]?.name ?? '';
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
