import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { AttachmentDto } from '@confab/api';
import { uploads } from '@confab/db';
import type { TestServer } from '../harness.js';

/** POST /api/uploads answers with the same shape messages carry for their attachments. */
export type UploadJson = AttachmentDto;

export interface ErrorJson {
  error: string;
  message: string;
}

/** Posts a file the way a browser form would, with whatever name and claimed type the test likes. */
export async function postFile(
  server: TestServer,
  token: string | null,
  body: Uint8Array,
  filename = 'file.bin',
  claimedType = 'application/octet-stream',
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(body)], { type: claimedType }), filename);
  return fetch(`${server.url}/api/uploads`, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

export async function uploadOk(server: TestServer, token: string, body: Uint8Array, filename?: string, claimedType?: string): Promise<UploadJson> {
  const response = await postFile(server, token, body, filename, claimedType);
  if (response.status !== 201) throw new Error(`upload failed with ${response.status}: ${await response.text()}`);
  return (await response.json()) as UploadJson;
}

export function fetchAs(server: TestServer, token: string | null, url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${url}`, { headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers });
}

/** Every file under the uploads folder, scratch folder included. */
export function filesOnDisk(server: TestServer): string[] {
  const root = path.join(server.dataDir, 'uploads');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

export function uploadRows(server: TestServer) {
  return server.app.confab.db.select().from(uploads).all();
}
