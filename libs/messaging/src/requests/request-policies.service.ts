import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, NotFoundError } from '@fpn/core';
import type { RequestOrigin } from '@fpn/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { actorRoleOf, type MessagingCaller } from '../caller/messaging-caller';
import { NetworkRequestPolicyEntity } from './entities/network-request-policy.entity';
import { DEFAULT_REQUEST_POLICY, type RequestPolicy, validatePolicy } from './request-policy';

/** A network's policy as the API shows it. */
export interface NetworkPolicy extends RequestPolicy {
  networkKey: string;
  /** False while the defaults apply. */
  custom: boolean;
}

const POLICY_FIELDS = Object.keys(DEFAULT_REQUEST_POLICY) as (keyof RequestPolicy)[];

/** Per-network request deadlines and escalation times: the defaults until the Secretariat sets them. */
@Injectable()
export class RequestPolicies {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async forNetwork(manager: EntityManager, networkId: string): Promise<RequestPolicy> {
    const row = await manager.findOneBy(NetworkRequestPolicyEntity, { networkId });
    return row ? pick(row) : { ...DEFAULT_REQUEST_POLICY };
  }

  async get(networkKey: string): Promise<NetworkPolicy> {
    const networkId = await this.networkId(this.dataSource.manager, networkKey);
    const row = await this.dataSource.manager.findOneBy(NetworkRequestPolicyEntity, { networkId });
    return { networkKey, custom: Boolean(row), ...(row ? pick(row) : DEFAULT_REQUEST_POLICY) };
  }

  /** Sets every time at once (validated first); audited with the old and new values. */
  async set(
    caller: MessagingCaller,
    networkKey: string,
    input: RequestPolicy,
    origin: RequestOrigin,
  ): Promise<NetworkPolicy> {
    const policy = validatePolicy(pick(input));
    return this.dataSource.transaction(async (manager) => {
      const networkId = await this.networkId(manager, networkKey);
      const before = await this.forNetwork(manager, networkId);
      await manager.upsert(
        NetworkRequestPolicyEntity,
        { networkId, ...policy, updatedBy: caller.userId, updatedAt: this.clock.now() },
        ['networkId'],
      );
      await this.audit.record(manager, {
        type: AuditEventType.REQUEST_POLICY_CHANGED,
        actorId: caller.userId,
        actorRole: actorRoleOf(caller),
        subjectType: 'network',
        subjectId: networkId,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: { networkKey, before: { ...before }, after: { ...policy } },
      });
      return { networkKey, custom: true, ...policy };
    });
  }

  private async networkId(manager: EntityManager, key: string): Promise<string> {
    const [network] = await manager.query<{ id: string }[]>(
      'SELECT id FROM network WHERE key = $1',
      [key],
    );
    if (!network) throw new NotFoundError('Network', key);
    return network.id;
  }
}

function pick(source: RequestPolicy): RequestPolicy {
  return Object.fromEntries(
    POLICY_FIELDS.map((field) => [field, source[field]]),
  ) as unknown as RequestPolicy;
}
