import { Injectable, Logger } from '@nestjs/common';
import { LiveEvents } from '@fpn/queue';

/** Whose sessions just ended: one session (logout, token reuse) or all of a user's. */
export type RevokedSessions = { sessionId: string } | { userId: string };

const CHANNEL = 'sessions-revoked';

/**
 * Tells every api replica that sessions ended, so each closes the matching
 * WebSocket connections at once. HTTP requests need no notice: each one
 * checks its session in PostgreSQL. Announced after the revocation commits.
 */
@Injectable()
export class SessionRevocations {
  private readonly logger = new Logger(SessionRevocations.name);

  constructor(private readonly live: LiveEvents) {}

  async announce(revoked: RevokedSessions): Promise<void> {
    try {
      await this.live.publish(CHANNEL, revoked);
    } catch (error) {
      // The revocation itself is committed; open sockets fail their next subscribe.
      this.logger.warn({ err: error }, 'could not announce revoked sessions');
    }
  }

  onRevoked(listener: (revoked: RevokedSessions) => void): Promise<() => void> {
    return this.live.subscribe<RevokedSessions>(CHANNEL, listener);
  }
}
