import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode } from '@fpn/core';
import { isUuid, NetworkEntity, validNetworkKey } from '@fpn/directory';
import type { Principal } from '@fpn/identity';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type ActivityAudience, activityAudienceOf, seesNetwork } from './activity-audience';
import { validRange } from './activity-rules';
import { ActivityDocumentEntity } from './entities/activity-document.entity';
import { ActivityParticipantEntity } from './entities/activity-participant.entity';
import { ActivityEntity, type ActivityStatus } from './entities/activity.entity';

/** An activity with what the calendar shows of it. */
export interface ActivityView {
  activity: ActivityEntity;
  network: NetworkEntity;
  participants: { memberStateCode: string; joinedAt: Date }[];
  documents: ActivityDocumentEntity[];
}

export interface CalendarQuery {
  networkKey?: string | null;
  from: Date;
  to: Date;
  status?: ActivityStatus | null;
}

/** Most activities one calendar answer or feed carries (a few dozen a year in practice). */
export const CALENDAR_LIMIT = 1000;

const notFound = () => new DomainError(ErrorCode.NotFound, 'No such activity');

/**
 * Reads activities in the caller's scope: focal points see the networks they
 * are members of, coordinators and the Secretariat every network. An activity
 * out of scope is NOT_FOUND, as if it did not exist.
 */
@Injectable()
export class ActivityReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async audienceOf(principal: Principal, manager?: EntityManager): Promise<ActivityAudience> {
    const audience = await activityAudienceOf(
      manager ?? this.dataSource.manager,
      principal.user.id,
    );
    // The PolicyGuard let an active account through; this is a deleted one mid-request.
    if (!audience) throw new DomainError(ErrorCode.Unauthenticated, 'Sign in again');
    return audience;
  }

  /** The calendar: activities overlapping [from, to), by start. */
  async list(principal: Principal, query: CalendarQuery): Promise<ActivityView[]> {
    const { from, to } = validRange(query.from, query.to);
    const manager = this.dataSource.manager;
    let networkId: string | null = null;
    if (query.networkKey) {
      const network = await manager.findOneBy(NetworkEntity, {
        key: validNetworkKey(query.networkKey),
      });
      if (!network) {
        throw new DomainError(
          ErrorCode.BadUserInput,
          `No network has the key ${query.networkKey}`,
          {
            field: 'networkKey',
          },
        );
      }
      networkId = network.id;
    }
    const audience = await this.audienceOf(principal, manager);
    return this.overlapping(manager, audience.networkIds, {
      from,
      to,
      networkId,
      status: query.status,
    });
  }

  /** Activities of the given networks (`all`: every one) overlapping a period, by start. */
  async overlapping(
    manager: EntityManager,
    networkIds: 'all' | readonly string[],
    filter: { from: Date; to: Date; networkId?: string | null; status?: ActivityStatus | null },
  ): Promise<ActivityView[]> {
    if (networkIds !== 'all' && networkIds.length === 0) return [];
    const builder = manager
      .createQueryBuilder(ActivityEntity, 'a')
      .where('a.starts_at < :to AND a.ends_at > :from', { from: filter.from, to: filter.to })
      .orderBy('a.starts_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(CALENDAR_LIMIT);
    if (networkIds !== 'all') builder.andWhere('a.network_id IN (:...networkIds)', { networkIds });
    if (filter.networkId)
      builder.andWhere('a.network_id = :networkId', { networkId: filter.networkId });
    if (filter.status) builder.andWhere('a.status = :status', { status: filter.status });
    return this.views(manager, await builder.getMany());
  }

  /** One activity the caller may see. */
  async get(principal: Principal, id: string, manager?: EntityManager): Promise<ActivityView> {
    const reading = manager ?? this.dataSource.manager;
    if (!isUuid(id)) throw notFound();
    const activity = await reading.findOneBy(ActivityEntity, { id });
    if (!activity) throw notFound();
    const audience = await this.audienceOf(principal, reading);
    if (!seesNetwork(audience, activity.networkId)) throw notFound();
    const [view] = await this.views(reading, [activity]);
    return view;
  }

  /** Networks, participants and documents of some activities, in a few queries. */
  async views(manager: EntityManager, activities: ActivityEntity[]): Promise<ActivityView[]> {
    if (!activities.length) return [];
    const ids = activities.map((activity) => activity.id);
    // One after another: a transaction's manager has one connection, and pg refuses
    // overlapping statements on it from version 9.
    const networks = await manager.findBy(NetworkEntity, {
      id: In([...new Set(activities.map((a) => a.networkId))]),
    });
    const participants = await manager.find(ActivityParticipantEntity, {
      where: { activityId: In(ids) },
      order: { memberStateCode: 'ASC' },
    });
    const documents = await manager.find(ActivityDocumentEntity, {
      where: { activityId: In(ids) },
      order: { addedAt: 'ASC', id: 'ASC' },
    });
    const networkById = new Map(networks.map((network) => [network.id, network]));
    return activities.map((activity) => ({
      activity,
      network: networkById.get(activity.networkId)!,
      participants: participants
        .filter((p) => p.activityId === activity.id)
        .map(({ memberStateCode, joinedAt }) => ({ memberStateCode, joinedAt })),
      documents: documents.filter((d) => d.activityId === activity.id),
    }));
  }
}
