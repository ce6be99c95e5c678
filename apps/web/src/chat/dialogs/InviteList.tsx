import type { ContactDto } from '@confab/api/router';
import { Avatar } from '../../ui/Avatar.js';

/** Checkboxes for choosing contacts to invite or add to a room. */
export function InviteList({ contacts, chosen, onChange }: { contacts: ContactDto[]; chosen: Set<string>; onChange: (next: Set<string>) => void }) {
  const toggle = (userId: string, checked: boolean) => {
    const next = new Set(chosen);
    if (checked) next.add(userId);
    else next.delete(userId);
    onChange(next);
  };
  return (
    <div className="invite-list">
      {contacts.map((contact) => (
        <label key={contact.user.id} className="invite">
          <input type="checkbox" checked={chosen.has(contact.user.id)} onChange={(e) => toggle(contact.user.id, e.target.checked)} />
          <Avatar name={contact.user.name} url={contact.user.avatarUrl} size={22} />
          {contact.user.name}
        </label>
      ))}
    </div>
  );
}
