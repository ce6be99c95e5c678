import { randomUUID } from 'node:crypto';
import type { ConfabClient } from '@confab/sdk';
import type { TestServer } from '../harness.js';

/** A word no other test uses, so tests sharing a server never find each other's messages. */
export const uniqueWord = () => `w${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export interface Hit {
  message: { id: number; body: string; roomId: string; author: { id: string; name: string } };
  snippet: { text: string; match: boolean }[];
  room: { id: string; kind: string; name: string };
}

export async function search(
  client: ConfabClient,
  query: string,
  cursor?: number | null,
  limit?: number,
): Promise<{ hits: Hit[]; nextCursor: number | null }> {
  return client.search.messages.query({ query, cursor, limit });
}

/** the bodies a search finds, newest first */
export async function found(client: ConfabClient, query: string): Promise<string[]> {
  return (await search(client, query, null, 50)).hits.map((hit) => hit.message.body);
}

/** Moves a message's creation time, as if it had been sent then (dates cannot be chosen through the API). */
export function backdate(server: TestServer, messageId: number, iso: string): void {
  server.app.confab.db.$client.prepare('UPDATE message SET created_at = ? WHERE id = ?').run(Date.parse(iso), messageId);
}
