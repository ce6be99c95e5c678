import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { AttachmentDto, Me, MemberWithPresence } from '@confab/api/router';
import { formatBytes } from '../lib/format.js';
import { client } from '../lib/trpc.js';
import { Avatar } from '../ui/Avatar.js';
import { CloseIcon, FileIcon, PaperclipIcon, SendIcon } from '../ui/icons.js';
import { sendMessage } from './outbox.js';

/** Unsent text per room, kept while you switch rooms. */
const drafts = new Map<string, string>();

const TYPING_REFRESH_MS = 3000;
const MAX_BODY = 4000;

export interface PendingUpload {
  localId: string;
  file: File;
  /** cancels the request when the chip is removed before it finished */
  abort: AbortController;
  progress: number;
  previewUrl: string | null;
  result: AttachmentDto | null;
  error: string | null;
}

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
  const [body, setBody] = useState(() => drafts.get(roomId) ?? '');
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  const [mention, setMention] = useState<{ query: string; start: number; index: number } | null>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const lastTypingSent = useRef(0);

  useEffect(() => {
    areaRef.current?.focus();
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

  const change = (value: string, caret: number) => {
    setBody(value);
    drafts.set(roomId, value);
    const now = Date.now();
    if (value.trim() && now - lastTypingSent.current > TYPING_REFRESH_MS) {
      lastTypingSent.current = now;
      void client.typing.set.mutate({ roomId, isTyping: true }).catch(() => {});
    } else if (!value.trim()) stopTyping();
    const before = value.slice(0, caret);
    const match = before.match(/(^|\s)@([^\s@]{0,30})$/);
    setMention(match ? { query: match[2] ?? '', start: caret - (match[2] ?? '').length - 1, index: 0 } : null);
  };

  const candidates = mention
    ? members.filter((m) => m.user.id !== me.id && m.user.name.toLowerCase().startsWith(mention.query.toLowerCase())).slice(0, 6)
    : [];

  const pickMention = (member: MemberWithPresence) => {
    if (!mention) return;
    const caret = areaRef.current?.selectionStart ?? body.length;
    const next = `${body.slice(0, mention.start)}@${member.user.name} ${body.slice(caret)}`;
    setBody(next);
    drafts.set(roomId, next);
    setMention(null);
    const position = mention.start + member.user.name.length + 2;
    requestAnimationFrame(() => areaRef.current?.setSelectionRange(position, position));
  };

  const uploading = uploads.some((u) => !u.result && !u.error);
  const ready = uploads.flatMap((u) => (u.result ? [u.result] : []));
  const tooLong = body.length > MAX_BODY;
  const canSend = !uploading && !tooLong && (body.trim().length > 0 || ready.length > 0);

  const send = () => {
    if (!canSend) return;
    sendMessage(me, roomId, body.trim(), ready);
    setBody('');
    drafts.delete(roomId);
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
    if (mention && candidates.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setMention({ ...mention, index: (mention.index + step + candidates.length) % candidates.length });
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const chosen = candidates[mention.index] ?? candidates[0];
        if (chosen) pickMention(chosen);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setMention(null);
        return;
      }
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
    <div className="composer">
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
      {uploads.length > 0 && (
        <ul className="upload-tray" aria-label="Attachments">
          {uploads.map((u) => (
            <li key={u.localId} className={`upload-chip${u.error ? ' failed' : ''}`}>
              {u.previewUrl ? (
                <img src={u.previewUrl} alt="" />
              ) : (
                <span className="file-icon">
                  <FileIcon />
                </span>
              )}
              <span className="upload-text">
                <span className="file-name">{u.file.name}</span>
                <span className="file-size">{u.error ?? (u.result ? formatBytes(u.file.size) : `Uploading… ${Math.round(u.progress * 100)}%`)}</span>
                {!u.result && !u.error && <progress value={u.progress} max={1} aria-label={`Uploading ${u.file.name}`} />}
              </span>
              <button className="icon-button small" aria-label={`Remove ${u.file.name}`} onClick={() => removeUpload(u.localId)}>
                <CloseIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
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
          onBlur={() => setMention(null)}
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
