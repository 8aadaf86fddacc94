import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { Role, UserEntity, UserStatus } from '@fpn/identity';
import { visibleAccounts } from '@fpn/keys';
import { DataSource } from 'typeorm';
import { isSecretariatCaller, keyReaderOf, type MessagingCaller } from '../caller/messaging-caller';
import { Addressing, ThreadKind } from '../entities/messaging-enums';
import type { ThreadRecord } from '../reading/thread-records';
import { type Address } from './address';

/** An addressed person: an account, with its member state (null: the Secretariat). */
export interface AudienceMember {
  userId: string;
  memberStateCode: string | null;
}

/** A thread about to be created by its first message. */
export interface NewThread {
  kind: ThreadKind;
  addressing: Addressing;
  networkId: string | null;
  networkKey: string | null;
  memberStateCodes: string[];
  focalPointIds: string[];
  directUserId: string | null;
}

/** Whom an addressing reaches: a network's members (all, of some states, some entries), or accounts. */
type Reach =
  | {
      networkId: string;
      states?: string[];
      focalPointIds?: string[];
      coordinators?: undefined;
      accounts: string[];
    }
  | { networkId?: undefined; coordinators?: true; accounts: string[] };

const notAllowed = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.Forbidden, message, { reason: 'RECIPIENT_NOT_ALLOWED', ...details });

/**
 * Who a message goes to. A network thread reaches the active focal points
 * (with an active account) of its network — all of them, those of the
 * chosen states (a state's primary and alternates), or the chosen entries;
 * a direct thread its two accounts. The thread's creator always hears the
 * answers. Evaluated when each message is sent, so a new network member
 * receives what is sent after they joined. Never the sender's own account,
 * and only accounts the sender may address (libs/keys key-scope): exactly
 * whose keys the SDK can read to encrypt.
 */
@Injectable()
export class MessageAudience {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new thread: checks who may start it and whom it may address. */
  async forAddress(
    caller: MessagingCaller,
    address: Address,
  ): Promise<{ thread: NewThread; members: AudienceMember[] }> {
    if (address.addressing === Addressing.DIRECT) return this.direct(caller, address.userId);
    if (address.addressing === Addressing.COORDINATORS) return this.coordinators(caller);
    const network = await this.network(caller, address.networkKey);
    assertMayWriteIn(caller, network);
    const thread: NewThread = {
      kind: ThreadKind.NETWORK,
      addressing: address.addressing,
      networkId: network.id,
      networkKey: network.key,
      memberStateCodes: [],
      focalPointIds: [],
      directUserId: null,
    };
    const reach: Reach = { networkId: network.id, accounts: [] };
    if (address.addressing === Addressing.STATES) {
      await this.assertStatesExist(address.memberStateCodes);
      thread.memberStateCodes = address.memberStateCodes;
      reach.states = address.memberStateCodes;
    }
    if (address.addressing === Addressing.FOCAL_POINTS) {
      await this.assertEntriesAddressable(network.id, address.focalPointIds);
      thread.focalPointIds = address.focalPointIds;
      reach.focalPointIds = address.focalPointIds;
    }
    const members = await this.members(caller, reach);
    if (address.addressing !== Addressing.STATES) thread.memberStateCodes = statesOf(members);
    return { thread, members };
  }

  /**
   * An existing thread: its addressing now, and its creator. The caller must
   * take part in it already or be reached by it now; otherwise it does not
   * exist for them (NOT_FOUND).
   */
  async forThread(caller: MessagingCaller, thread: ThreadRecord): Promise<AudienceMember[]> {
    const reach = reachOf(thread);
    if (reach.coordinators) assertSecretariatWrites(caller);
    const allowed =
      (await this.participates(caller.userId, thread.id)) ||
      (await this.reaches(reach, caller.userId));
    if (!allowed) throw new NotFoundError('Thread', thread.id);
    if (thread.networkKey) assertMayWriteIn(caller, await this.network(caller, thread.networkKey));
    return this.members(caller, reach);
  }

  /** Every active coordinator: a circulation from the Secretariat. */
  private async coordinators(
    caller: MessagingCaller,
  ): Promise<{ thread: NewThread; members: AudienceMember[] }> {
    assertSecretariatWrites(caller);
    const members = await this.members(caller, { coordinators: true, accounts: [] });
    return {
      thread: {
        kind: ThreadKind.COORDINATORS,
        addressing: Addressing.COORDINATORS,
        networkId: null,
        networkKey: null,
        memberStateCodes: statesOf(members),
        focalPointIds: [],
        directUserId: null,
      },
      members,
    };
  }

  private async direct(
    caller: MessagingCaller,
    userId: string,
  ): Promise<{ thread: NewThread; members: AudienceMember[] }> {
    if (userId === caller.userId) {
      throw new DomainError(ErrorCode.BadUserInput, 'A direct thread is with someone else', {
        field: 'to.userId',
      });
    }
    const target = await this.dataSource.manager.findOneBy(UserEntity, { id: userId });
    if (!target) throw new NotFoundError('Account', userId);
    const members = await this.members(caller, { accounts: [userId] });
    if (members.length === 0) {
      throw notAllowed('You may not address this account', { userId });
    }
    return {
      thread: {
        kind: ThreadKind.DIRECT,
        addressing: Addressing.DIRECT,
        networkId: null,
        networkKey: null,
        memberStateCodes: statesOf(members),
        focalPointIds: [],
        directUserId: userId,
      },
      members,
    };
  }

  /** The network, and whether the caller (a person) has an active entry in it: one query. */
  private async network(caller: MessagingCaller, key: string): Promise<NetworkAccess> {
    const [network] = await this.dataSource.query<NetworkAccess[]>(
      `SELECT n.id, n.key,
              EXISTS (SELECT 1 FROM focal_point fp
                        JOIN network_membership m ON m.focal_point_id = fp.id
                       WHERE fp.user_id = $2 AND fp.status = 'active'
                         AND m.network_id = n.id) AS member
         FROM network n WHERE n.key = $1`,
      [key, caller.kind === 'account' ? caller.userId : null],
    );
    if (!network) throw new NotFoundError('Network', key);
    return network;
  }

  private async assertStatesExist(codes: string[]): Promise<void> {
    const rows = await this.dataSource.query<{ code: string }[]>(
      'SELECT code FROM member_state WHERE code = ANY($1::bpchar[])',
      [codes],
    );
    const known = new Set(rows.map((row) => row.code));
    const unknown = codes.find((code) => !known.has(code));
    if (unknown) throw new NotFoundError('Member state', unknown);
  }

  /** Each entry must exist (else NOT_FOUND), be active in the network and have an account. */
  private async assertEntriesAddressable(
    networkId: string,
    focalPointIds: string[],
  ): Promise<void> {
    const rows = await this.dataSource.query<{ id: string; addressable: boolean }[]>(
      `SELECT fp.id,
              (fp.status = 'active' AND fp.user_id IS NOT NULL AND m.id IS NOT NULL) AS addressable
         FROM focal_point fp
         LEFT JOIN network_membership m ON m.focal_point_id = fp.id AND m.network_id = $2
        WHERE fp.id = ANY($1::uuid[])`,
      [focalPointIds, networkId],
    );
    const found = new Map(rows.map((row) => [row.id, row.addressable]));
    const unknown = focalPointIds.find((id) => !found.has(id));
    if (unknown) throw new NotFoundError('Focal point', unknown);
    const refused = focalPointIds.filter((id) => !found.get(id));
    if (refused.length > 0) {
      throw notAllowed('Some focal points are not active members of this network with an account', {
        focalPointIds: refused,
      });
    }
  }

  private async participates(userId: string, threadId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM message_thread_participant WHERE user_id = $1 AND thread_id = $2',
      [userId, threadId],
    );
    return Boolean(row);
  }

  private async reaches(reach: Reach, userId: string): Promise<boolean> {
    const [row] = await this.reachQuery(reach).andWhere('u.id = :userId', { userId }).getRawMany();
    return Boolean(row);
  }

  /**
   * The active accounts reached, without the sender. A network's members are
   * people the writer may address (assertMayWriteIn); accounts named outright
   * (a creator, a direct thread's peer) only if the writer may address them.
   */
  private async members(caller: MessagingCaller, reach: Reach): Promise<AudienceMember[]> {
    const visible = reach.accounts.length > 0 ? visibleAccounts(keyReaderOf(caller)) : null;
    return this.reachQuery(reach, visible)
      .andWhere('u.id <> :sender', { sender: caller.userId })
      .orderBy('u.id')
      .getRawMany<AudienceMember>();
  }

  /** Whom a reach names: its network's members, and its accounts (among `visible`, if given). */
  private reachQuery(
    reach: Reach,
    visible: { sql: string; params: Record<string, unknown> } | null = null,
  ) {
    const named = visible
      ? `(u.id = ANY(:accounts::uuid[]) AND u.id IN (${visible.sql}))`
      : 'u.id = ANY(:accounts::uuid[])';
    const query = this.dataSource
      .createQueryBuilder()
      .select('u.id', 'userId')
      .addSelect('u.member_state_code', 'memberStateCode')
      .from(UserEntity, 'u')
      .where('u.status = :active', { active: UserStatus.ACTIVE })
      .setParameters({ accounts: reach.accounts, ...visible?.params });
    if (reach.coordinators) {
      return query.andWhere(`(u.role = :coordinator OR ${named})`, {
        coordinator: Role.STATE_COORDINATOR,
      });
    }
    if (!reach.networkId) return query.andWhere(named);
    // Every membership is a primary or an alternate one: a state's members are both.
    let members = `SELECT fp.user_id FROM network_membership m
                     JOIN focal_point fp ON fp.id = m.focal_point_id
                    WHERE m.network_id = :networkId AND fp.status = 'active'
                      AND fp.user_id IS NOT NULL`;
    if (reach.states) members += ' AND fp.member_state_code = ANY(:states::bpchar[])';
    if (reach.focalPointIds) members += ' AND fp.id = ANY(:focalPointIds::uuid[])';
    return query.andWhere(`(u.id IN (${members}) OR ${named})`, {
      networkId: reach.networkId,
      states: reach.states,
      focalPointIds: reach.focalPointIds,
    });
  }
}

interface NetworkAccess {
  id: string;
  key: string;
  /** The caller has an active entry in it (people only). */
  member: boolean;
}

/**
 * Who writes in a network thread — starts one, or posts into one they take
 * part in: the Secretariat in any network; a ministry system in the networks
 * of its credential; a person while their own active entry belongs to the
 * network. So every member a network thread reaches is someone the writer
 * may address, and whose keys they can read.
 */
function assertMayWriteIn(caller: MessagingCaller, network: NetworkAccess): void {
  if (isSecretariatCaller(caller)) return;
  if (caller.kind === 'credential') {
    if (caller.networkKeys.includes(network.key)) return;
    throw new DomainError(
      ErrorCode.Forbidden,
      'This API credential is not issued for this network',
      {
        reason: 'NOT_A_MEMBER',
      },
    );
  }
  if (!network.member) {
    throw new DomainError(ErrorCode.Forbidden, 'You are not a member of this network', {
      reason: 'NOT_A_MEMBER',
    });
  }
}

/**
 * Coordinators' threads carry the Secretariat's circulations: the coordinators
 * read them (and answer through the workflow, e.g. a silence statement), only
 * the Secretariat writes in them.
 */
function assertSecretariatWrites(caller: MessagingCaller): void {
  if (isSecretariatCaller(caller)) return;
  throw new DomainError(ErrorCode.Forbidden, 'Only the Secretariat writes to the coordinators', {
    reason: 'SECRETARIAT_ONLY',
  });
}

/** An existing thread's addressing, evaluated now, with its creator (and a direct thread's peer). */
function reachOf(thread: ThreadRecord): Reach {
  const accounts = [thread.createdBy, ...(thread.directUserId ? [thread.directUserId] : [])];
  if (thread.addressing === Addressing.COORDINATORS) return { coordinators: true, accounts };
  if (!thread.networkId) return { accounts };
  return {
    networkId: thread.networkId,
    accounts,
    ...(thread.addressing === Addressing.STATES ? { states: thread.memberStateCodes } : {}),
    ...(thread.addressing === Addressing.FOCAL_POINTS
      ? { focalPointIds: thread.focalPointIds }
      : {}),
  };
}

function statesOf(members: AudienceMember[]): string[] {
  return [
    ...new Set(
      members.flatMap((member) => (member.memberStateCode ? [member.memberStateCode] : [])),
    ),
  ].sort();
}
