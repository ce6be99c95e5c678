import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * "This browser has signed in to this account before": a long-lived mark, kept in its own cookie
 * past sign-out and session expiry. It opens nothing by itself (it is not a credential); a
 * sign-in carrying a valid one for the account skips the slowdown strangers get while the
 * account is under attack, and its failures are counted per device instead of per address, so
 * a flood of wrong passwords, even from the owner's own network, never blocks the owner's
 * device. Signed with the server secret: a forged or another account's mark counts for nothing.
 */
export interface DeviceMarks {
  /** a new mark for `userId` */
  issue(userId: string): string;
  /** the device id of `mark` when it is a valid mark of `userId`; null otherwise */
  deviceOf(mark: string | null | undefined, userId: string): string | null;
}

export function createDeviceMarks(secret: string): DeviceMarks {
  const sign = (userId: string, device: string) => createHmac('sha256', secret).update(`confab-device\n${userId}\n${device}`).digest();
  return {
    issue(userId) {
      const device = randomBytes(12).toString('base64url');
      return `d1.${device}.${sign(userId, device).toString('base64url')}`;
    },
    deviceOf(mark, userId) {
      const [version, device, signature, extra] = mark?.split('.') ?? [];
      if (version !== 'd1' || !device || !signature || extra !== undefined || device.length > 32) return null;
      const expected = sign(userId, device);
      const given = Buffer.from(signature, 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected) ? device : null;
    },
  };
}
