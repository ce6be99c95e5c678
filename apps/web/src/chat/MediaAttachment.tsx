import { useState, type ReactNode, type SyntheticEvent } from 'react';
import type { AttachmentDto } from '@confab/api/router';
import { formatBytes } from '../lib/format.js';

export type MediaKind = 'video' | 'audio';

const playable = new Map<string, boolean>();

/**
 * 'video' or 'audio' when this browser says it may play the type, else null (a download card).
 * canPlayType answers '' for what it cannot decode, such as QuickTime in Chromium, so no player
 * that can only fail is ever shown.
 */
export function playableKind(mime: string): MediaKind | null {
  const kind: MediaKind | null = mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'audio' : null;
  if (!kind) return null;
  let canPlay = playable.get(mime);
  if (canPlay === undefined) {
    canPlay = document.createElement(kind).canPlayType(mime) !== '';
    playable.set(mime, canPlay);
  }
  return canPlay ? kind : null;
}

/** 0:07, 4:05, 1:02:03: whole seconds down, as the browser's own controls count, but never 0:00 */
function formatDuration(ms: number): string {
  const total = Math.max(1, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

interface MediaProps {
  attachment: AttachmentDto;
  /** shown instead of the player if the browser turns out unable to play the file after all */
  fallback: ReactNode;
}

// The same box image previews get.
const MAX_WIDTH = 360;
const MAX_HEIGHT = 280;
// Narrow enough for a portrait phone video, wide enough for the controls to stay usable.
const MIN_WIDTH = 200;

/**
 * The duration the server read from the headers; else the element's own, once it knows one
 * (a file recorded by a browser often has none in its header: its duration is Infinity).
 * Messages kept by an older client may lack the field, hence `??`.
 */
function useDuration(attachment: AttachmentDto) {
  const [measuredMs, setMeasuredMs] = useState<number | null>(null);
  const durationMs = (attachment.durationMs ?? null) || measuredMs;
  const onDurationChange = (event: SyntheticEvent<HTMLMediaElement>) => {
    const { duration } = event.currentTarget;
    if (Number.isFinite(duration) && duration > 0) setMeasuredMs(duration * 1000);
  };
  return { durationMs, onDurationChange };
}

function Meta({ attachment, durationMs }: { attachment: AttachmentDto; durationMs: number | null }) {
  return (
    <span className="media-meta">{[durationMs ? formatDuration(durationMs) : null, formatBytes(attachment.size)].filter(Boolean).join(' · ')}</span>
  );
}

function NameLink({ attachment }: { attachment: AttachmentDto }) {
  return (
    <a className="media-name" href={attachment.url} download={attachment.name} title={`Download ${attachment.name}`}>
      {attachment.name}
    </a>
  );
}

/** A player no larger than an image preview, in the video's own proportions, with its name, duration and size below. */
export function VideoAttachment({ attachment, fallback }: MediaProps) {
  const [failed, setFailed] = useState(false);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const { durationMs, onDurationChange } = useDuration(attachment);
  if (failed) return fallback;

  const size = attachment.width && attachment.height ? { width: attachment.width, height: attachment.height } : natural;
  const scale = size ? Math.min(1, MAX_WIDTH / size.width, MAX_HEIGHT / size.height) : 1;
  const width = size ? Math.max(MIN_WIDTH, Math.round(size.width * scale)) : MAX_WIDTH;
  const onLoadedMetadata = (event: SyntheticEvent<HTMLVideoElement>) => {
    const video = event.currentTarget;
    if (video.videoWidth > 0 && video.videoHeight > 0) setNatural({ width: video.videoWidth, height: video.videoHeight });
    onDurationChange(event);
  };

  return (
    <figure className="media-attachment video-attachment" style={{ width }}>
      <video
        src={attachment.url}
        controls
        preload="metadata"
        playsInline
        aria-label={`Video ${attachment.name}`}
        style={{ aspectRatio: size ? `${size.width} / ${size.height}` : '16 / 9' }}
        onLoadedMetadata={onLoadedMetadata}
        onDurationChange={onDurationChange}
        onError={() => setFailed(true)}
      />
      <figcaption className="media-caption">
        <NameLink attachment={attachment} />
        <Meta attachment={attachment} durationMs={durationMs} />
      </figcaption>
    </figure>
  );
}

/** A compact card: a note icon, the name and duration · size, and the browser's audio controls. */
export function AudioAttachment({ attachment, fallback }: MediaProps) {
  const [failed, setFailed] = useState(false);
  const { durationMs, onDurationChange } = useDuration(attachment);
  if (failed) return fallback;
  return (
    <figure className="media-attachment audio-attachment">
      <figcaption className="media-caption">
        <span className="file-icon">
          <NoteIcon />
        </span>
        <span className="file-text">
          <NameLink attachment={attachment} />
          <Meta attachment={attachment} durationMs={durationMs} />
        </span>
      </figcaption>
      <audio
        src={attachment.url}
        controls
        preload="metadata"
        aria-label={`Audio ${attachment.name}`}
        onLoadedMetadata={onDurationChange}
        onDurationChange={onDurationChange}
        onError={() => setFailed(true)}
      />
    </figure>
  );
}

const NoteIcon = () => (
  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <path d="M9 18V5l11-2v13" />
    <circle cx="6" cy="18" r="3" />
    <circle cx="17" cy="16" r="3" />
  </svg>
);
