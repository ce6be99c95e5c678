import type { FastifyRequest } from 'fastify';

export interface UploadGuardOptions {
  /** uploads one user may have in flight at once */
  maxConcurrentPerUser: number;
  /** a body arriving slower than this, measured over each `windowMs`, is cut off (408) */
  minBytesPerSecond: number;
  windowMs: number;
}

/**
 * What one upload may hold on to: a slot among its user's few concurrent uploads, and the
 * connection only while its body keeps arriving at a minimum rate. A body trickled in (1 byte
 * every few seconds) would otherwise hold a connection, a scratch file and a slot for the whole
 * request timeout.
 */
export class UploadGuard {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly options: UploadGuardOptions) {}

  /** takes one of `userId`'s slots; null when all are taken. Call the returned function once, when done. */
  begin(userId: string): (() => void) | null {
    const count = this.inFlight.get(userId) ?? 0;
    if (count >= this.options.maxConcurrentPerUser) return null;
    this.inFlight.set(userId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(userId) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(userId);
      else this.inFlight.set(userId, left);
    };
  }

  /**
   * Watches the bytes the connection reads (the socket's counter, so the body stream is left to the
   * form parser) and calls `onSlow` once a window passes with fewer than the minimum. Returns `stop`.
   */
  watchRate(request: FastifyRequest, onSlow: () => void): () => void {
    const socket = request.raw.socket;
    const { minBytesPerSecond, windowMs } = this.options;
    const minimum = (minBytesPerSecond * windowMs) / 1000;
    let last = socket.bytesRead;
    const timer = setInterval(() => {
      const read = socket.bytesRead;
      if (read - last < minimum) {
        clearInterval(timer);
        onSlow();
      }
      last = read;
    }, windowMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** the sentence a cut-off upload gets */
  slowMessage(): string {
    const { minBytesPerSecond, windowMs } = this.options;
    const rate = minBytesPerSecond >= 1024 ? `${Math.round(minBytesPerSecond / 1024)} KB/s` : `${Math.round(minBytesPerSecond)} bytes/s`;
    return `The upload was too slow: less than ${rate} for ${Math.round(windowMs / 1000)} seconds. Try again on a faster connection.`;
  }
}
