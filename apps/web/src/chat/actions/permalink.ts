/** The link "Copy link" gives: it opens the room at the message (see browser-page.ts). */
export function permalinkOf(roomId: string, messageId: number): string {
  return `${location.origin}/#/r/${roomId}/m/${messageId}`;
}

/**
 * Copies with the Clipboard API where the page may (https or localhost), else through a
 * selected text field, the way browsers allowed before it; tells the user either way.
 */
export async function copyText(text: string, confirmation: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    showToast(confirmation);
  } catch {
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.className = 'copy-field';
    document.body.append(field);
    field.select();
    const copied = document.execCommand('copy');
    field.remove();
    showToast(copied ? confirmation : `Copy this link: ${text}`);
  }
}

let current: HTMLElement | null = null;

/** A short confirmation at the bottom of the screen, read out by screen readers (role=status). */
export function showToast(text: string): void {
  current?.remove();
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.setAttribute('role', 'status');
  toast.textContent = text;
  document.body.append(toast);
  current = toast;
  window.setTimeout(() => {
    toast.remove();
    if (current === toast) current = null;
  }, 2500);
}
