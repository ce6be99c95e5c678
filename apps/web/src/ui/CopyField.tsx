import { useId, useState } from 'react';

/** A read-only link with a Copy button (falls back to selecting the text where the clipboard is refused). */
export function CopyField({ label, value, note }: { label: string; value: string; note?: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      const input = document.getElementById(id);
      if (input instanceof HTMLInputElement) input.select();
    }
  }
  return (
    <div className="copy-field">
      <label htmlFor={id} className="admin-muted">
        {label}
      </label>
      <div className="copy-field-row">
        <input id={id} readOnly value={value} onFocus={(event) => event.target.select()} />
        <button type="button" className="button button-small" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {note && <span className="admin-muted">{note}</span>}
    </div>
  );
}
