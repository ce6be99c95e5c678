import type { AttachmentDto } from '@confab/api/router';
import { formatBytes } from '../lib/format.js';
import { CloseIcon, DownloadIcon, FileIcon } from '../ui/icons.js';
import { AudioAttachment, playableKind, VideoAttachment } from './MediaAttachment.js';

export function Attachments({ attachments, onOpenImage }: { attachments: AttachmentDto[]; onOpenImage?: (attachment: AttachmentDto) => void }) {
  return (
    <div className="attachments">
      {attachments.map((attachment) => (
        <Attachment key={attachment.id} attachment={attachment} onOpenImage={onOpenImage} />
      ))}
    </div>
  );
}

/** An image opens in the lightbox; video and audio the browser can play get a player; anything else is a download card. */
function Attachment({ attachment, onOpenImage }: { attachment: AttachmentDto; onOpenImage?: (attachment: AttachmentDto) => void }) {
  if (attachment.mime.startsWith('image/')) {
    return (
      <button className="image-attachment" onClick={() => onOpenImage?.(attachment)} aria-label={`Open image ${attachment.name}`}>
        <img src={attachment.previewUrl ?? attachment.url} alt={attachment.name} loading="lazy" style={imageBox(attachment)} />
      </button>
    );
  }
  const card = <FileCard attachment={attachment} />;
  switch (playableKind(attachment.mime)) {
    case 'video':
      return <VideoAttachment attachment={attachment} fallback={card} />;
    case 'audio':
      return <AudioAttachment attachment={attachment} fallback={card} />;
    case null:
      return card;
  }
}

function FileCard({ attachment }: { attachment: AttachmentDto }) {
  return (
    <a className="file-card" href={attachment.url} download={attachment.name}>
      <span className="file-icon">
        <FileIcon />
      </span>
      <span className="file-text">
        <span className="file-name">{attachment.name}</span>
        <span className="file-size">{formatBytes(attachment.size)}</span>
      </span>
      <DownloadIcon />
    </a>
  );
}

/** Reserves the image's box before it loads, so the list does not jump when it arrives. */
function imageBox(attachment: AttachmentDto) {
  const maxWidth = 360;
  const maxHeight = 280;
  if (!attachment.width || !attachment.height) return { maxWidth, maxHeight };
  const scale = Math.min(1, maxWidth / attachment.width, maxHeight / attachment.height);
  return { width: Math.round(attachment.width * scale), height: Math.round(attachment.height * scale) };
}

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

/** The files picked for the next message, each with its upload progress, error, and × (which aborts an unfinished one). */
export function UploadTray({ uploads, onRemove }: { uploads: PendingUpload[]; onRemove: (localId: string) => void }) {
  return (
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
          <button className="icon-button small" aria-label={`Remove ${u.file.name}`} onClick={() => onRemove(u.localId)}>
            <CloseIcon />
          </button>
        </li>
      ))}
    </ul>
  );
}
