import { useSyncExternalStore, type ReactNode } from 'react';
import type { Me } from '@confab/api/router';
import { AdminPage } from './AdminPage.js';

/** The admin page lives at #/admin, for admins only; anyone else (or any other hash) gets the chat. */
const isAdminHash = () => location.hash === '#/admin';

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function openAdmin(open: boolean): void {
  if (open) location.hash = '#/admin';
  else {
    history.pushState(null, '', location.pathname === '/' ? '/' : '/');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }
}

export function AdminGate({ me, chat }: { me: Me; chat: ReactNode }) {
  const onAdmin = useSyncExternalStore(subscribe, isAdminHash);
  if (onAdmin && me.role === 'admin') return <AdminPage me={me} />;
  return chat;
}
