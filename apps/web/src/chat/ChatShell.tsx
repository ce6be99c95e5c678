import type { Me } from '@confab/api/router';
import { useSignOut } from '../auth/session.js';
import { Avatar } from '../ui/Avatar.js';
import { Logo } from '../ui/Logo.js';

export function ChatShell({ me }: { me: Me }) {
  const signOut = useSignOut();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar-header">
          <Logo size={26} />
          <span className="sidebar-title">Confab</span>
        </div>
        <div className="sidebar-footer">
          <Avatar name={me.name} url={me.avatarUrl} size={30} />
          <span className="me-name">{me.name}</span>
          <button className="button button-small" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
      </aside>
      <main className="room-pane" />
    </div>
  );
}
