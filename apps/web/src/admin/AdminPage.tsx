import { useQuery } from '@tanstack/react-query';
import type { Me } from '@confab/api/router';
import { formatBytes } from '../lib/format.js';
import { errorMessage } from '../lib/errors.js';
import { trpc } from '../lib/trpc.js';
import { BackIcon } from '../ui/icons.js';
import { openAdmin } from './AdminGate.js';
import { BotsSection } from './BotsSection.js';
import { InvitesSection } from './InvitesSection.js';
import { useAdminLive } from './live.js';
import { PeopleSection } from './PeopleSection.js';
import { RoomsSection } from './RoomsSection.js';
import { SignupSection } from './SignupSection.js';

/** Who runs this place: people, invites, who may join, every room, and the server's own facts. */
export function AdminPage({ me }: { me: Me }) {
  const settings = useQuery(trpc.admin.settings.queryOptions());
  useAdminLive(me);
  return (
    <main className="admin" aria-labelledby="admin-title">
      <header className="admin-header">
        <button type="button" className="button button-ghost" onClick={() => openAdmin(false)}>
          <BackIcon /> Back to chat
        </button>
        <h1 id="admin-title">Admin{settings.data ? ` · ${settings.data.name}` : ''}</h1>
      </header>
      {settings.data?.signupModeInherited && settings.data.signupMode === 'open' && (
        <p className="admin-banner" role="note">
          Anyone who can reach this server may sign up: it was upgraded and kept open sign-up. Choose "Invite link only" under Who may join unless
          this server is on a private network.
        </p>
      )}
      <div className="admin-sections">
        <PeopleSection me={me} />
        <InvitesSection />
        <BotsSection />
        <SignupSection />
        <RoomsSection />
        <ServerSection />
      </div>
    </main>
  );
}

function ServerSection() {
  const info = useQuery(trpc.admin.info.queryOptions());
  return (
    <section className="admin-section" aria-labelledby="admin-server">
      <h2 id="admin-server">Server</h2>
      {info.isPending ? (
        <p className="admin-muted">Loading…</p>
      ) : info.isError ? (
        <p role="alert">{errorMessage(info.error)}</p>
      ) : (
        <dl className="admin-facts">
          <dt>Version</dt>
          <dd>{info.data.version}</dd>
          <dt>Database</dt>
          <dd>{formatBytes(info.data.databaseBytes)}</dd>
          <dt>Uploads</dt>
          <dd>{formatBytes(info.data.uploadsBytes)}</dd>
          <dt>Free disk</dt>
          <dd>{info.data.freeDiskBytes === null ? 'unknown' : formatBytes(info.data.freeDiskBytes)}</dd>
          <dt>People</dt>
          <dd>
            {info.data.people.active} active, {info.data.people.deactivated} deactivated, {info.data.people.admins} admin
            {info.data.people.admins === 1 ? '' : 's'}
          </dd>
          <dt>Rooms</dt>
          <dd>{info.data.rooms}</dd>
          <dt>Messages</dt>
          <dd>{info.data.messages}</dd>
        </dl>
      )}
    </section>
  );
}
