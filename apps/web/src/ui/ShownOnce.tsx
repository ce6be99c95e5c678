import type { ReactNode } from 'react';
import { CopyField } from './CopyField.js';

/**
 * A secret the server hands out once and keeps only a hash of (an API key, a webhook URL): shown
 * with Copy and a warning that it will not be shown again; `children` may add how to use it.
 */
export function ShownOnce({ label, value, what, children }: { label: string; value: string; what: 'key' | 'URL'; children?: ReactNode }) {
  return (
    <>
      <CopyField label={label} value={value} note={`Copy it now: the ${what} is shown only once.`} />
      {children}
    </>
  );
}
