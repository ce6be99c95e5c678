// Echo bot: answers every message in its rooms with "echo: <body>".
// CONFAB_URL, CONFAB_EMAIL, CONFAB_PASSWORD: the server and the bot's account; CONFAB_ROOM: only this room.
import { createConfabClient } from '@confab/sdk';

const url = process.env.CONFAB_URL ?? 'http://localhost:3000';
const email = process.env.CONFAB_EMAIL;
const password = process.env.CONFAB_PASSWORD;
const onlyRoomId = process.env.CONFAB_ROOM || null;
if (!email || !password) {
  console.error('Set CONFAB_EMAIL and CONFAB_PASSWORD to the bot account (and CONFAB_URL, default http://localhost:3000).');
  process.exit(2);
}

const client = createConfabClient({ url, onConnectionState: (state) => console.log(`connection: ${state}`) });
const { user: me } = await client.signIn({ email, password });
console.log(`signed in as ${me.name}${onlyRoomId ? ` (room ${onlyRoomId} only)` : ''}`);

const stream = client.events({
  onStarted: () => console.log('listening'),
  on: {
    'message.created': async ({ message }) => {
      if (message.author.id === me.id) return;
      if (onlyRoomId && message.roomId !== onlyRoomId) return;
      await client.send(message.roomId, `echo: ${message.body}`.slice(0, 4000));
    },
  },
  onError: (error) => console.error(`error: ${error.message}`),
});

async function stop(signal: string) {
  console.log(`${signal}: stopping`);
  stream.stop();
  await client.close();
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
