import type { AttachmentDto } from '@confab/api/router';
import { Dialog } from '../ui/Dialog.js';

export function Lightbox({ attachment, onClose }: { attachment: AttachmentDto; onClose: () => void }) {
  return (
    <Dialog title={attachment.name} onClose={onClose} className="lightbox">
      <img src={attachment.url} alt={attachment.name} />
      <a className="button button-small" href={attachment.url} download={attachment.name}>
        Download
      </a>
    </Dialog>
  );
}
