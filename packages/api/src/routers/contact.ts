import { z } from 'zod';
import { emailInput, idInput } from '../fields.js';
import { authedProcedure } from '../procedures.js';
import { addContact, listContacts, removeContact, type ContactDto } from '../services/contacts.js';
import type { Services } from '../services/index.js';
import { router } from '../trpc.js';

export function contactRouter(s: Services) {
  return router({
    list: authedProcedure.query(({ ctx }): ContactDto[] => listContacts(s, ctx.user.id)),

    add: authedProcedure.input(z.object({ email: emailInput })).mutation(({ ctx, input }): ContactDto => addContact(s, ctx.user.id, input.email)),

    remove: authedProcedure.input(z.object({ userId: idInput })).mutation(({ ctx, input }) => {
      removeContact(s, ctx.user.id, input.userId);
      return { ok: true as const };
    }),
  });
}
