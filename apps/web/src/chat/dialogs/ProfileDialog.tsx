import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Me } from '@confab/api/router';
import { errorMessage, fieldErrors } from '../../lib/errors.js';
import { client, trpc } from '../../lib/trpc.js';
import { Avatar } from '../../ui/Avatar.js';
import { Dialog } from '../../ui/Dialog.js';

export function ProfileDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const [name, setName] = useState(me.name);
  const [avatarError, setAvatarError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.user.updateProfile.mutationOptions({
      onSuccess: (updated) => queryClient.setQueryData(trpc.auth.me.queryKey(), updated),
    }),
  );
  const fields = fieldErrors(update.error);
  const pickAvatar = async (file: File | undefined) => {
    if (!file) return;
    setAvatarError(null);
    setUploading(true);
    try {
      const uploaded = await client.upload(file);
      update.mutate({ avatarUploadId: uploaded.id });
    } catch (error) {
      setAvatarError(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name }, { onSuccess: onClose });
  };
  return (
    <Dialog title="Your profile" onClose={onClose}>
      <form className="dialog-form" onSubmit={submit} noValidate>
        <div className="profile-avatar">
          <Avatar name={me.name} url={me.avatarUrl} size={64} />
          <div>
            <label className="button button-small">
              {uploading ? 'Uploading…' : 'Change picture'}
              <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" hidden onChange={(e) => void pickAvatar(e.target.files?.[0])} />
            </label>
            {me.avatarUrl && (
              <button type="button" className="link-button remove-avatar" onClick={() => update.mutate({ avatarUploadId: null })}>
                Remove
              </button>
            )}
            {avatarError && <p className="field-error">{avatarError}</p>}
          </div>
        </div>
        <div className="field">
          <label htmlFor="profile-name">Display name</label>
          <input id="profile-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={fields.name ? true : undefined} />
          {fields.name && <p className="field-error">{fields.name}</p>}
        </div>
        <p className="field-hint">Signed in as {me.email}</p>
        {update.error && Object.keys(fields).length === 0 && (
          <p className="form-error" role="alert">
            {errorMessage(update.error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="button button-primary" disabled={update.isPending}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
