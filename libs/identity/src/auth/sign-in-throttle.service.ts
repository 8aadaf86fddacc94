import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { RedisService } from '@fpn/queue';

/**
 * Reserves one attempt atomically: refuses while the key's delay runs, else
 * counts the attempt and sets the next allowed time. Returns 0 when allowed,
 * or the epoch millisecond from which the next attempt is allowed.
 */
const RESERVE = `
local attempts = tonumber(redis.call('HGET', KEYS[1], 'a') or '0')
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local now = tonumber(ARGV[1])
if now < nextAt then return nextAt end
attempts = attempts + 1
local free = tonumber(ARGV[2])
local delay = 0
if attempts > free then
  delay = math.min(tonumber(ARGV[3]) * (2 ^ (attempts - free - 1)), tonumber(ARGV[4]))
end
redis.call('HSET', KEYS[1], 'a', attempts, 'n', now + delay)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 0
`;

/**
 * Growing delays for sign-in, per account and per address, shared by every API
 * replica through Redis. Each attempt is counted before any password hash is
 * computed, whether it comes alone, as an alias or in a batch. No hard lockout:
 * a lockout would let anyone lock a police focal point out during an alert.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Throws RATE_LIMITED (with retryAfterSeconds) while either delay runs. */
  async reserve(email: string, address: string | undefined): Promise<void> {
    const { perAccountFree, perAddressFree, baseDelaySeconds, maxDelaySeconds } =
      this.config.signIn;
    const checks: [string, number][] = [[this.accountKey(email), perAccountFree]];
    if (address) checks.push([this.redis.key('signin', 'addr', address), perAddressFree]);
    const now = this.clock.now().getTime();
    for (const [key, free] of checks) {
      const nextAt = Number(
        await this.redis.client.eval(
          RESERVE,
          1,
          key,
          now,
          free,
          baseDelaySeconds * 1000,
          maxDelaySeconds * 1000,
          86_400_000,
        ),
      );
      if (nextAt > 0) {
        const retryAfterSeconds = Math.max(1, Math.ceil((nextAt - now) / 1000));
        throw new DomainError(
          ErrorCode.RateLimited,
          `Too many sign-in attempts; try again in ${retryAfterSeconds} s`,
          { retryAfterSeconds },
        );
      }
    }
  }

  /** A successful sign-in clears the account's count (the address keeps its own). */
  async succeeded(email: string): Promise<void> {
    await this.redis.client.del(this.accountKey(email));
  }

  private accountKey(email: string): string {
    // Hashed: Redis holds no list of e-mail addresses people tried.
    const id = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return this.redis.key('signin', 'acct', id);
  }
}
