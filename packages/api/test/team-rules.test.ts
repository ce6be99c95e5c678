import { describe, expect, it } from 'vitest';
import { describeDevice } from '../src/services/account.js';
import { mayJoinWithoutInvite, type TeamSettings } from '../src/services/team.js';

const settings = (signupMode: TeamSettings['signupMode'], signupDomains: string[] = []): TeamSettings => ({
  name: 'Acme',
  signupMode,
  signupDomains,
  membersCanInvite: false,
  membersCanCreateBots: false,
  defaultRoomIds: [],
  signupModeInherited: false,
});

describe('who may sign up without an invite', () => {
  it('nobody in invite mode, anyone in open mode', () => {
    expect(mayJoinWithoutInvite(settings('invite', ['acme.test']), 'a@acme.test')).toBe(false);
    expect(mayJoinWithoutInvite(settings('open'), 'a@anywhere.test')).toBe(true);
  });

  it('in domain mode, exactly the listed domains (not a look-alike or a subdomain)', () => {
    const domain = settings('domain', ['acme.test']);
    expect(mayJoinWithoutInvite(domain, 'a@acme.test')).toBe(true);
    expect(mayJoinWithoutInvite(domain, 'a@notacme.test')).toBe(false);
    expect(mayJoinWithoutInvite(domain, 'a@mail.acme.test')).toBe(false);
    expect(mayJoinWithoutInvite(domain, 'acme.test@evil.test')).toBe(false);
  });
});

describe('describing a session device', () => {
  it('names the browser and system, or the program', () => {
    expect(describeDevice('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox on Linux');
    expect(describeDevice('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36')).toBe(
      'Chrome on macOS',
    );
    expect(describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1')).toBe(
      'Safari on iOS',
    );
    expect(describeDevice('node')).toBe('A program (node)');
    expect(describeDevice(null)).toBe('Unknown device');
  });
});
