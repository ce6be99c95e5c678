import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { Me, MemberWithPresence } from '@confab/api/router';
import { client } from '../lib/trpc.js';
import { Avatar } from '../ui/Avatar.js';
import { PaperclipIcon, SendIcon } from '../ui/icons.js';
import { UploadTray, type PendingUpload } from './Attachments.js';
import { finishedShortcode, shortcodeAt, useShortcodeCandidates } from './emoji/shortcodes.js';
import { rememberEmoji } from './emoji/recent.js';
import type { Emoji } from './emoji/data.js';
import { sendMessage } from './outbox.js';
import { cancelReply, registerComposer, useReplyTarget } from './reply/composer-state.js';
import { readDraft, saveDraft } from './reply/drafts.js';
import { ReplyBar } from './reply/ReplyBar.js';

const TYPING_REFRESH_MS = 3000;
const MAX_BODY = 4000;

interface Props {
  me: Me;
  roomId: string;
  placeholder: string;
  members: MemberWithPresence[];
  onEditLast: () => void;
  /** files dropped on the room pane, handed over by the parent */
  droppedFiles: File[];
  onDroppedFilesTaken: () => void;
}

export function Composer({ me, roomId, placeholder, members, onEditLast, droppedFiles, onDroppedFilesTaken }: Props) {
  const [body, setBody] = useState(() => readDraft(me.id, roomId));
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  // what the caret is completing: `@name` or `:shortcode`
  const [suggest, setSuggest] = useState<{ kind: 'mention' | 'emoji'; query: string; start: number; index: number } | null>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const lastTypingSent = useRef(0);
  const replyTo = useReplyTarget(roomId);
  const mention = suggest?.kind === 'mention' ? suggest : null;
  const { candidates: emojiCandidates, index: emojiIndex } = useShortcodeCandidates(suggest?.kind === 'emoji' ? suggest.query : null);

  useEffect(() => {
    areaRef.current?.focus();
    return registerComposer(areaRef.current);
  }, [roomId]);

  useEffect(() => {
    if (droppedFiles.length === 0) return;
    addFiles(droppedFiles);
    onDroppedFilesTaken();
  });

  // Grow with the text up to a limit, then scroll.
  useEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 200)}px`;
  }, [body]);

  const stopTyping = () => {
    if (lastTypingSent.current === 0) return;
    lastTypingSent.current = 0;
    void client.typing.set.mutate({ roomId, isTyping: false }).catch(() => {});
  };

  // Leaving the room (or unmounting) tells the others I stopped.
  useEffect(() => stopTyping, [roomId]);

  const setDraft = (value: string) => {
    setBody(value);
    saveDraft(me.id, roomId, value);
  };

  const change = (typed: string, typedCaret: number) => {
    // `:thumbsup:` typed out in full becomes 👍
    const finished = finishedShortcode(typed.slice(0, typedCaret), emojiIndex);
    const value = finished ? `${typed.slice(0, finished.start)}${finished.emoji}${typed.slice(typedCaret)}` : typed;
    const caret = finished ? finished.start + finished.emoji.length : typedCaret;
    if (finished) {
      rememberEmoji(finished.emoji);
      requestAnimationFrame(() => areaRef.current?.setSelectionRange(caret, caret));
    }
    setDraft(value);
    const now = Date.now();
    if (value.trim() && now - lastTypingSent.current > TYPING_REFRESH_MS) {
      lastTypingSent.current = now;
      void client.typing.set.mutate({ roomId, isTyping: true }).catch(() => {});
    } else if (!value.trim()) stopTyping();
    const before = value.slice(0, caret);
    const match = before.match(/(^|\s)@([^\s@]{0,30})$/);
    const code = shortcodeAt(before);
    if (match) setSuggest({ kind: 'mention', query: match[2] ?? '', start: caret - (match[2] ?? '').length - 1, index: 0 });
    else if (code) setSuggest({ kind: 'emoji', ...code, index: 0 });
    else setSuggest(null);
  };

  const candidates = mention
    ? members.filter((m) => m.user.id !== me.id && m.user.name.toLowerCase().startsWith(mention.query.toLowerCase())).slice(0, 6)
    : [];

  /** replaces what is being completed (from `suggest.start` to the caret) with `text` */
  const complete = (text: string) => {
    if (!suggest) return;
    const caret = areaRef.current?.selectionStart ?? body.length;
    setDraft(`${body.slice(0, suggest.start)}${text}${body.slice(caret)}`);
    setSuggest(null);
    const position = suggest.start + text.length;
    requestAnimationFrame(() => areaRef.current?.setSelectionRange(position, position));
  };
  const pickMention = (member: MemberWithPresence) => complete(`@${member.user.name} `);
  const pickEmoji = (emoji: Emoji) => {
    rememberEmoji(emoji.emoji);
    complete(emoji.emoji);
  };
  const options: { key: string; pick: () => void }[] =
    suggest?.kind === 'emoji'
      ? emojiCandidates.map((emoji) => ({ key: emoji.emoji, pick: () => pickEmoji(emoji) }))
      : candidates.map((member) => ({ key: member.user.id, pick: () => pickMention(member) }));

  const uploading = uploads.some((u) => !u.result && !u.error);
  const ready = uploads.flatMap((u) => (u.result ? [u.result] : []));
  const tooLong = body.length > MAX_BODY;
  const canSend = !uploading && !tooLong && (body.trim().length > 0 || ready.length > 0);

  const send = () => {
    if (!canSend) return;
    sendMessage(me, roomId, body.trim(), ready, replyTo?.id);
    setDraft('');
    cancelReply(roomId);
    for (const u of uploads) if (u.previewUrl) URL.revokeObjectURL(u.previewUrl);
    setUploads([]);
    lastTypingSent.current = 0;
  };

  function addFiles(files: File[]) {
    for (const file of files) {
      const localId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : null;
      const abort = new AbortController();
      setUploads((list) => [...list, { localId, file, abort, progress: 0, previewUrl, result: null, error: null }]);
      const patch = (change: Partial<PendingUpload>) => setUploads((list) => list.map((u) => (u.localId === localId ? { ...u, ...change } : u)));
      client
        .upload(file, { onProgress: ({ loaded, total }) => patch({ progress: total > 0 ? loaded / total : 0 }), signal: abort.signal })
        .then((result) => patch({ result, progress: 1 }))
        .catch((error: unknown) => patch({ error: error instanceof Error ? error.message : 'Upload failed.' }));
    }
  }

  const removeUpload = (localId: string) => {
    const gone = uploads.find((u) => u.localId === localId);
    if (gone && !gone.result) gone.abort.abort();
    if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl);
    setUploads((list) => list.filter((u) => u.localId !== localId));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (suggest && options.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setSuggest({ ...suggest, index: (suggest.index + step + options.length) % options.length });
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        (options[suggest.index] ?? options[0])?.pick();
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setSuggest(null);
        return;
      }
    }
    if (event.key === 'Escape' && replyTo) {
      event.preventDefault();
      cancelReply(roomId);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    } else if (event.key === 'ArrowUp' && body === '') {
      event.preventDefault();
      onEditLast();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) return;
    event.preventDefault();
    addFiles(files);
  };

  return (
    <div className="composer" role="region" aria-label="Write a message">
      {suggest?.kind === 'emoji' && emojiCandidates.length > 0 && (
        <ul className="mention-menu shortcode-menu" role="listbox" aria-label="Insert an emoji">
          {emojiCandidates.map((emoji, index) => (
            <li
              key={emoji.emoji}
              role="option"
              aria-selected={index === suggest.index}
              className={index === suggest.index ? 'active' : ''}
              onMouseDown={(event) => {
                event.preventDefault();
                pickEmoji(emoji);
              }}
            >
              <span className="shortcode-emoji">{emoji.emoji}</span>:
              {emoji.shortcodes.find((code) => code.startsWith(suggest.query)) ?? emoji.shortcodes[0]}:
            </li>
          ))}
        </ul>
      )}
      {mention && candidates.length > 0 && (
        <ul className="mention-menu" role="listbox" aria-label="Mention someone">
          {candidates.map((member, index) => (
            <li
              key={member.user.id}
              role="option"
              aria-selected={index === mention.index}
              className={index === mention.index ? 'active' : ''}
              onMouseDown={(event) => {
                event.preventDefault();
                pickMention(member);
              }}
            >
              <Avatar name={member.user.name} url={member.user.avatarUrl} size={22} online={member.online} />
              {member.user.name}
            </li>
          ))}
        </ul>
      )}
      {replyTo && <ReplyBar roomId={roomId} target={replyTo} />}
      {uploads.length > 0 && <UploadTray uploads={uploads} onRemove={removeUpload} />}
      <div className="composer-box">
        <button className="icon-button" aria-label="Attach files" title="Attach files" onClick={() => fileRef.current?.click()}>
          <PaperclipIcon />
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          aria-label="Choose files to attach"
          onChange={(event) => {
            addFiles(Array.from(event.target.files ?? []));
            event.target.value = '';
          }}
        />
        <textarea
          ref={areaRef}
          aria-label="Message"
          placeholder={placeholder}
          rows={1}
          value={body}
          onChange={(event) => change(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => setSuggest(null)}
          aria-invalid={tooLong ? true : undefined}
        />
        <button className="send-button" aria-label="Send message" title="Send (Enter)" onClick={send} disabled={!canSend}>
          <SendIcon />
        </button>
      </div>
      <p className="composer-hint">
        {tooLong ? (
          <span className="field-error">
            Too long: {body.length.toLocaleString()} of {MAX_BODY.toLocaleString()} characters.
          </span>
        ) : (
          <>
            <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line · <kbd>↑</kbd> to edit your last message
          </>
        )}
      </p>
    </div>
  );
}
