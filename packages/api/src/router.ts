import { adminRouter } from './routers/admin.js';
import { apiKeyRouter } from './routers/api-key.js';
import { authRouter } from './routers/auth.js';
import { botRouter } from './routers/bot.js';
import { contactRouter } from './routers/contact.js';
import { inviteRouter } from './routers/invite.js';
import { messageRouter } from './routers/message.js';
import { presenceRouter } from './routers/presence.js';
import { pushRouter } from './routers/push.js';
import { roomRouter } from './routers/room.js';
import { searchRouter } from './routers/search.js';
import { syncRouter } from './routers/sync.js';
import { teamRouter } from './routers/team.js';
import { typingRouter } from './routers/typing.js';
import { userRouter } from './routers/user.js';
import { webhookRouter } from './routers/webhook.js';
import type { Services } from './services/index.js';
import { router } from './trpc.js';

/** One router per noun; each is a plain object of procedures over the shared services. */
export function createAppRouter(s: Services) {
  return router({
    auth: authRouter(s),
    user: userRouter(s),
    contact: contactRouter(s),
    room: roomRouter(s),
    message: messageRouter(s),
    search: searchRouter(s),
    typing: typingRouter(s),
    presence: presenceRouter(s),
    sync: syncRouter(s),
    team: teamRouter(s),
    invite: inviteRouter(s),
    admin: adminRouter(s),
    bot: botRouter(s),
    apiKey: apiKeyRouter(s),
    webhook: webhookRouter(s),
    push: pushRouter(s),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
