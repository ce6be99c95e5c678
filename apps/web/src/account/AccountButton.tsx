import { useState } from 'react';
import type { Me } from '@confab/api/router';
import { LockIcon } from '../ui/icons.js';
import { AccountDialog } from './AccountDialog.js';

/** The sidebar footer's way into "Your account". */
export function AccountButton({ me }: { me: Me }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label="Your account"
        title="Your account: password, e-mail, devices"
        onClick={() => setOpen(true)}
      >
        <LockIcon />
      </button>
      {open && <AccountDialog me={me} onClose={() => setOpen(false)} />}
    </>
  );
}
