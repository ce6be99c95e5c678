// Echo bot: answers every message in its rooms with "echo: <body>".
// CONFAB_URL: the server; CONFAB_API_KEY: the bot's key (an admin makes one with bot.create, or on
// the admin page); CONFAB_ROOM: only this room. Add the bot to a room, or DM it, and say something.
import { createConfabClient } from '@confab/sdk';

const url = process.env.CONFAB_URL ?? 'http://localhost:3000';
const apiKey = process.env.CONFAB_API_KEY;
const onlyRoomId = process.env.CONFAB_ROOM || null;
if (!apiKey) {
  console.error("Set CONFAB_API_KEY to the bot's API key (and CONFAB_URL, default http://localhost:3000).");
  process.exit(2);
}

const client = createConfabClient({ url, apiKey, onConnectionState: (state) => console.log(`connection: ${state}`) });
const me = await client.auth.me.query();
if (!me) {
  console.error('The server does not accept this API key: it was rotated, or the bot was deleted.');
  process.exit(1);
}
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
