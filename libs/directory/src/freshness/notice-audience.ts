import { Role, UserEntity, UserStatus } from '@fpn/identity';
import type { MailLanguage } from '@fpn/notifications';
import { type EntityManager, In } from 'typeorm';

/** Someone a directory notice goes to: in the app, and by e-mail in their language. */
export interface NoticeRecipient {
  userId: string;
  email: string;
  displayName: string;
  language: MailLanguage;
}

const recipientOf = (user: UserEntity): NoticeRecipient => ({
  userId: user.id,
  email: user.email,
  displayName: user.displayName,
  language: user.language,
});

/**
 * Who hears about a batch of entries, read in one query: each entry's linked
 * account (when active) and the active coordinators of their states. A
 * suspended account cannot sign in to act, so it counts as no account.
 */
export class NoticeAudience {
  private constructor(
    private readonly accounts: Map<string, NoticeRecipient>,
    private readonly coordinators: Map<string, NoticeRecipient[]>,
  ) {}

  static async load(
    manager: EntityManager,
    entries: readonly { userId: string | null; memberStateCode: string }[],
  ): Promise<NoticeAudience> {
    const userIds = [...new Set(entries.flatMap((entry) => entry.userId ?? []))];
    const states = [...new Set(entries.map((entry) => entry.memberStateCode))];
    const users = await manager.find(UserEntity, {
      where: [
        ...(userIds.length ? [{ id: In(userIds), status: UserStatus.ACTIVE }] : []),
        { role: Role.STATE_COORDINATOR, memberStateCode: In(states), status: UserStatus.ACTIVE },
      ],
      order: { email: 'ASC' },
    });
    const accounts = new Map<string, NoticeRecipient>();
    const coordinators = new Map<string, NoticeRecipient[]>();
    for (const user of users) {
      if (userIds.includes(user.id)) accounts.set(user.id, recipientOf(user));
      if (user.role === Role.STATE_COORDINATOR && user.memberStateCode) {
        const list = coordinators.get(user.memberStateCode) ?? [];
        list.push(recipientOf(user));
        coordinators.set(user.memberStateCode, list);
      }
    }
    return new NoticeAudience(accounts, coordinators);
  }

  /** The entry's own active account, if it has one. */
  personOf(entry: { userId: string | null }): NoticeRecipient | undefined {
    return entry.userId ? this.accounts.get(entry.userId) : undefined;
  }

  coordinatorsOf(memberStateCode: string): NoticeRecipient[] {
    return this.coordinators.get(memberStateCode) ?? [];
  }

  /** The person, or — for an entry without an active account — the state's coordinators. */
  personOrCoordinators(entry: { userId: string | null; memberStateCode: string }): {
    to: 'person' | 'coordinators';
    recipients: NoticeRecipient[];
  } {
    const person = this.personOf(entry);
    return person
      ? { to: 'person', recipients: [person] }
      : { to: 'coordinators', recipients: this.coordinatorsOf(entry.memberStateCode) };
  }
}
