import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@fpn/config';
import { TestClock } from '@fpn/testing';
import { Role } from '../users/role';
import { AccessTokens } from './access-tokens.service';

describe('AccessTokens', () => {
  const config = {
    auth: { jwtSecret: 'x'.repeat(48), issuer: 'fpn-test', accessTokenTtlSeconds: 900 },
  } as unknown as AppConfig;
  const claims = { sub: 'user-1', sid: 'session-1', role: Role.FOCAL_POINT, state: 'KZ' };

  function tokens() {
    const jwt = new JwtService();
    const clock = new TestClock('2026-11-29T09:00:00Z');
    const verify = jest.spyOn(jwt, 'verify');
    return { tokens: new AccessTokens(jwt, config, clock), clock, verify };
  }

  it('checks a token’s signature once, and its expiry on every use', () => {
    const { tokens: access, clock, verify } = tokens();
    const { token } = access.issue(claims);
    expect(access.verify(token)).toEqual(claims);
    expect(access.verify(token)).toEqual(claims);
    expect(verify).toHaveBeenCalledTimes(1);
    clock.advance(900_000);
    expect(() => access.verify(token)).toThrow('Access token is invalid or expired');
    expect(() => access.verify(token)).toThrow('Access token is invalid or expired');
  });

  it('never takes an altered token for the one it verified', () => {
    const { tokens: access } = tokens();
    const { token } = access.issue(claims);
    access.verify(token);
    const [header, payload, signature] = token.split('.');
    const other = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        sub: 'user-2',
      }),
    ).toString('base64url');
    expect(() => access.verify(`${header}.${other}.${signature}`)).toThrow(
      'Access token is invalid or expired',
    );
    expect(() => access.verify(`${token}x`)).toThrow('Access token is invalid or expired');
  });
});
