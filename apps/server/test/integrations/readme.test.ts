import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverDir, type TestServer } from '../harness.js';
import { startIntegrationServer } from './helpers.js';

const run = promisify(execFile);
const readme = readFileSync(path.join(serverDir, '../../README.md'), 'utf8');

/** The first `curl` line of a sh block in the README's "Integrations" section. */
function readmeCurl(): string {
  const section = readme.slice(readme.indexOf('\n## Integrations\n'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const line = block.split('\n').find((candidate) => candidate.startsWith('curl '));
  if (!line) throw new Error('README.md: no curl line in a sh block under "## Integrations"');
  return line;
}

let server: TestServer;
beforeAll(async () => {
  ({ server } = await startIntegrationServer());
});
afterAll(() => server.close());

describe("the README's Integrations section", () => {
  it('its one-line curl, run by a shell as printed (only the URL swapped for a real one), posts into the room', async () => {
    const ana = await server.signUp('Ana');
    const room = await ana.client.room.create.mutate({ name: 'dev', visibility: 'private' });
    const { url } = await ana.client.webhook.create.mutate({ roomId: room.id, name: 'CI' });
    const line = readmeCurl();
    expect(line).toContain('https://chat.example.com/hooks/<secret>');
    const { stdout } = await run('sh', ['-c', line.replace('https://chat.example.com/hooks/<secret>', url.replace('http://127.0.0.1', server.url))]);
    const { id } = JSON.parse(stdout) as { id: number };
    const { messages } = await ana.client.message.history.query({ roomId: room.id });
    expect(messages.map((message) => [message.id, message.body, message.author.name])).toEqual([[id, 'build 812 failed', 'CI']]);
  });
});
