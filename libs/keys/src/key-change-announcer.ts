import { Injectable, Logger } from '@nestjs/common';
import { LiveEvents } from '@fpn/queue';

/** What a subscriber hears on `identityKeyChanged` (it crosses Redis as JSON). */
export interface IdentityKeyChangeEvent {
  userId: string;
  /** base64url */
  previousPublicKey: string;
  /** base64url */
  publicKey: string;
  /** ISO 8601 */
  changedAt: string;
}

/** The live channel of the key changes one account is told about. */
export const identityKeyChangeChannel = (userId: string) => `identity-key-changes:${userId}`;

/** Key changes of Secretariat accounts, whom every signed-in account may address. */
export const SECRETARIAT_KEY_CHANGE_CHANNEL = 'identity-key-changes:secretariat';

/**
 * Announces a committed key change live, through Redis, so whichever api
 * replica holds a recipient's socket serves it. Best effort: the change is
 * committed and recorded, and a client that missed the event catches up with
 * `keyChanges(since)`.
 */
@Injectable()
export class KeyChangeAnnouncer {
  private readonly logger = new Logger(KeyChangeAnnouncer.name);

  constructor(private readonly live: LiveEvents) {}

  /** To each of `recipients` on their own channel; a Secretariat account's change to everyone. */
  async announce(
    change: IdentityKeyChangeEvent,
    recipients: readonly string[],
    options: { toEveryone: boolean },
  ): Promise<void> {
    const channels = recipients.map(identityKeyChangeChannel);
    if (options.toEveryone) channels.push(SECRETARIAT_KEY_CHANGE_CHANNEL);
    try {
      await Promise.all(channels.map((channel) => this.live.publish(channel, change)));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not announce an identity key change live');
    }
  }
}
