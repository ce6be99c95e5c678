import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RoomDto } from '@confab/api/router';
import { errorMessage } from '../../lib/errors.js';
import { trpc } from '../../lib/trpc.js';
import { Dialog } from '../../ui/Dialog.js';
import { InviteList } from './InviteList.js';

export function AddPeopleDialog({ room, onClose }: { room: RoomDto; onClose: () => void }) {
  const contacts = useQuery(trpc.contact.list.queryOptions());
  const members = useQuery(trpc.room.members.queryOptions({ roomId: room.id }));
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const add = useMutation(
    trpc.room.addMembers.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.room.members.queryKey({ roomId: room.id }) });
        onClose();
      },
    }),
  );
  const memberIds = new Set((members.data ?? []).map((m) => m.user.id));
  const candidates = (contacts.data ?? []).filter((c) => !memberIds.has(c.user.id));
  return (
    <Dialog title={`Add people to ${room.name}`} onClose={onClose}>
      {candidates.length === 0 ? (
        <p className="dialog-empty">All your contacts are already here. Add contacts by email from the sidebar.</p>
      ) : (
        <InviteList contacts={candidates} chosen={chosen} onChange={setChosen} />
      )}
      {add.error && (
        <p className="form-error" role="alert">
          {errorMessage(add.error)}
        </p>
      )}
      <div className="dialog-actions">
        <button className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          className="button button-primary"
          disabled={chosen.size === 0 || add.isPending}
          onClick={() => add.mutate({ roomId: room.id, userIds: [...chosen] })}
        >
          Add
        </button>
      </div>
    </Dialog>
  );
}
