import { createDecipheriv, createECDH, hkdfSync, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../harness.js';

// A stand-in for a browser's push service (FCM, Mozilla autopush...): it records every POST, and
// a browser-side subscriber that decrypts what it received, as RFC 8291 says a browser does.

export interface ReceivedPush {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Answer = (push: ReceivedPush, response: ServerResponse) => void;

export async function startPushService() {
  const received: ReceivedPush[] = [];
  const answers = new Map<string, Answer>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const push = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks) };
      received.push(push);
      const answer = answers.get(push.path);
      if (answer) answer(push, response);
      else response.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    endpoint: (name: string) => `http://127.0.0.1:${port}/push/${name}`,
    /** how the endpoint `name` answers (default 201 Created) */
    answer(name: string, answer: Answer) {
      answers.set(`/push/${name}`, answer);
    },
    /** waits for the `count`-th push to `name` */
    async pushesTo(name: string, count = 1): Promise<ReceivedPush[]> {
      return waitFor(
        () => {
          const to = received.filter((push) => push.path === `/push/${name}`);
          return to.length >= count ? to : null;
        },
        10_000,
        `${count} push(es) to ${name}`,
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser's side of a subscription: its own P-256 key pair and auth secret. */
export class BrowserSubscriber {
  private readonly ecdh: ECDH = createECDH('prime256v1');
  private readonly authSecret = randomBytes(16);
  readonly publicKey: Buffer;

  constructor(readonly endpoint: string) {
    this.publicKey = this.ecdh.generateKeys();
  }

  get subscription() {
    return { endpoint: this.endpoint, keys: { p256dh: this.publicKey.toString('base64url'), auth: this.authSecret.toString('base64url') } };
  }

  /** RFC 8291 (with RFC 8188's aes128gcm framing): the plaintext of one push, as a browser would read it */
  decrypt(body: Buffer): string {
    // header: salt (16) | record size (4) | key id length (1) | key id = the server's ephemeral public key
    const salt = body.subarray(0, 16);
    const recordSize = body.readUInt32BE(16);
    const keyIdLength = body.readUInt8(20);
    const serverPublicKey = body.subarray(21, 21 + keyIdLength);
    const record = body.subarray(21 + keyIdLength);
    if (record.length > recordSize) throw new Error(`one record expected, got ${record.length} bytes for a record size of ${recordSize}`);

    const sharedSecret = this.ecdh.computeSecret(serverPublicKey);
    const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), this.publicKey, serverPublicKey]);
    const ikm = Buffer.from(hkdfSync('sha256', sharedSecret, this.authSecret, keyInfo, 32));
    const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
    const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    // The last record ends with a 0x02 delimiter, then zero padding.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (padded[end] !== 2) throw new Error('the last record has no 0x02 padding delimiter');
    return padded.subarray(0, end).toString('utf8');
  }
}
