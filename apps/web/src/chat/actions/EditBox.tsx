import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageDto } from '@confab/api/router';
import { errorMessage } from '../../lib/errors.js';
import { trpc } from '../../lib/trpc.js';
import { replaceMessage } from '../cache.js';
import { focusComposer } from '../reply/composer-state.js';

/** Editing in place shows the source text; Enter saves, Escape cancels, and either way the composer has the focus again. */
export function EditBox({ message, onDone }: { message: MessageDto; onDone: () => void }) {
  const [body, setBody] = useState(message.body);
  const ref = useRef<HTMLTextAreaElement>(null);
  const finish = () => {
    onDone();
    focusComposer();
  };
  const edit = useMutation(
    trpc.message.edit.mutationOptions({
      onSuccess: (updated) => {
        replaceMessage(updated);
        finish();
      },
    }),
  );
  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }, []);
  const save = () => {
    const trimmed = body.trim();
    if (!trimmed || trimmed === message.body) return finish();
    edit.mutate({ messageId: message.id, body: trimmed });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      finish();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  };
  return (
    <div className="edit-box">
      <textarea
        ref={ref}
        aria-label="Edit message"
        value={body}
        rows={Math.min(8, body.split('\n').length + 1)}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="edit-actions">
        <span className="field-hint">Escape to cancel · Enter to save</span>
        {edit.error && <span className="field-error">{errorMessage(edit.error)}</span>}
        <button className="button button-small" onClick={finish}>
          Cancel
        </button>
        <button className="button button-small button-primary" onClick={save} disabled={edit.isPending}>
          Save
        </button>
      </div>
    </div>
  );
}
