import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuditEvent, AuditEventType, AuditService } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { isUuid, NetworkEntity, validNetworkKey } from '@fpn/directory';
import type { Principal, RequestOrigin } from '@fpn/identity';
import { DataSource, IsNull } from 'typeorm';
import { activityAudienceOf, seesNetwork } from './activity-audience';
import { ActivityReader } from './activity-reader.service';
import { buildCalendar } from './calendar-ics';
import {
  hashCalendarFeedToken,
  newCalendarFeedToken,
  parseCalendarFeedToken,
} from './calendar-feed-token';
import { CalendarFeedEntity } from './entities/calendar-feed.entity';

export interface CalendarFeedView {
  feed: CalendarFeedEntity;
  network: NetworkEntity | null;
}

/** Feeds one account may hold at once (one per network and an "all networks" one, and spares). */
export const MAX_ACTIVE_FEEDS = 20;
/** The feed shows activities from this long ago … */
const PAST_DAYS = 400;
/** … to this far ahead. */
const FUTURE_DAYS = 800;
const DAY = 86_400_000;
const HOUR = 3_600_000;

const feedNotFound = () => new DomainError(ErrorCode.NotFound, 'No such calendar feed');

/**
 * Calendar subscriptions (docs/workflows.md): an address with a per-user
 * token that a calendar application fetches without signing in. The feed
 * answers only while it is not revoked, its owner's account is active and
 * the owner may still see the network; anything else is the same 404.
 */
@Injectable()
export class CalendarFeeds {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly reader: ActivityReader,
    private readonly config: AppConfig,
  ) {}

  /** A new feed of the caller's; the address (with its token) is shown this once. */
  async create(
    actor: Principal,
    networkKey: string | null,
    origin: RequestOrigin,
  ): Promise<CalendarFeedView & { url: string }> {
    const key = networkKey?.trim() ? validNetworkKey(networkKey) : null;
    const { token, tokenHash } = newCalendarFeedToken();
    const created = await this.dataSource.transaction(async (manager) => {
      let network: NetworkEntity | null = null;
      if (key) {
        network = await manager.findOneBy(NetworkEntity, { key });
        if (!network) {
          throw new DomainError(ErrorCode.BadUserInput, `No network has the key ${key}`, {
            field: 'networkKey',
          });
        }
        const audience = await this.reader.audienceOf(actor, manager);
        if (!seesNetwork(audience, network.id)) {
          throw new DomainError(ErrorCode.Forbidden, 'You are not a member of this network', {
            reason: 'NOT_A_MEMBER',
          });
        }
      }
      const active = await manager.countBy(CalendarFeedEntity, {
        userId: actor.user.id,
        revokedAt: IsNull(),
      });
      if (active >= MAX_ACTIVE_FEEDS) {
        throw new DomainError(ErrorCode.Conflict, `At most ${MAX_ACTIVE_FEEDS} calendar feeds`, {
          reason: 'CALENDAR_FEED_LIMIT_REACHED',
        });
      }
      const now = this.clock.now();
      const { identifiers } = await manager.insert(CalendarFeedEntity, {
        userId: actor.user.id,
        tokenHash,
        networkId: network?.id ?? null,
        createdAt: now,
        lastUsedAt: null,
        revokedAt: null,
      });
      const id = (identifiers[0] as { id: string }).id;
      await this.audit.record(
        manager,
        feedEvent(AuditEventType.CALENDAR_FEED_CREATED, actor, id, network, origin),
      );
      return { feed: await manager.findOneByOrFail(CalendarFeedEntity, { id }), network };
    });
    const path = key ? `${token}/${key}.ics` : `${token}.ics`;
    return { ...created, url: `${this.config.mail.publicUrl}/calendar/${path}` };
  }

  /** The caller's feeds, newest first (revoked ones too, marked). */
  async list(actor: Principal): Promise<CalendarFeedView[]> {
    const feeds = await this.dataSource.manager.find(CalendarFeedEntity, {
      where: { userId: actor.user.id },
      relations: { network: true },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return feeds.map((feed) => ({ feed, network: feed.network ?? null }));
  }

  /** Revokes one of the caller's feeds; again: the same answer. */
  async revoke(actor: Principal, id: string, origin: RequestOrigin): Promise<CalendarFeedView> {
    if (!isUuid(id)) throw feedNotFound();
    return this.dataSource.transaction(async (manager) => {
      const feed = await manager.findOne(CalendarFeedEntity, {
        where: { id, userId: actor.user.id },
        relations: { network: true },
        lock: { mode: 'pessimistic_write', tables: ['calendar_feed'] },
      });
      if (!feed) throw feedNotFound();
      if (!feed.revokedAt) {
        feed.revokedAt = this.clock.now();
        await manager.update(CalendarFeedEntity, { id }, { revokedAt: feed.revokedAt });
        await this.audit.record(
          manager,
          feedEvent(AuditEventType.CALENDAR_FEED_REVOKED, actor, id, feed.network, origin),
        );
      }
      return { feed, network: feed.network ?? null };
    });
  }

  /**
   * The iCalendar document behind an address, or NOT_FOUND — the same answer
   * for a malformed, unknown or revoked token, a network that does not match
   * the feed, a suspended owner, and an owner who left the network.
   */
  async render(rawToken: string, networkKey: string | null): Promise<string> {
    const token = parseCalendarFeedToken(rawToken);
    if (!token) throw feedNotFound();
    const manager = this.dataSource.manager;
    const feed = await manager.findOne(CalendarFeedEntity, {
      where: { tokenHash: hashCalendarFeedToken(token), revokedAt: IsNull() },
      relations: { network: true },
    });
    if (!feed || (feed.network?.key ?? null) !== networkKey) throw feedNotFound();
    const audience = await activityAudienceOf(manager, feed.userId);
    // A suspended owner's feeds stop at once: the account is read on every fetch.
    if (!audience?.active) throw feedNotFound();
    if (feed.networkId && !seesNetwork(audience, feed.networkId)) throw feedNotFound();
    const now = this.clock.now();
    const views = await this.reader.overlapping(
      manager,
      feed.networkId ? [feed.networkId] : audience.networkIds,
      {
        from: new Date(now.getTime() - PAST_DAYS * DAY),
        to: new Date(now.getTime() + FUTURE_DAYS * DAY),
      },
    );
    // At most one write an hour per feed, however often a calendar application polls.
    await manager.query(
      `UPDATE calendar_feed SET last_used_at = $2
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)`,
      [feed.id, now, new Date(now.getTime() - HOUR)],
    );
    return buildCalendar({
      name: feed.network ? `CICA — ${feed.network.nameEn}` : 'CICA — Action Plan activities',
      uidDomain: new URL(this.config.mail.publicUrl).hostname,
      events: views.map(({ activity, network, participants }) => ({
        id: activity.id,
        kind: activity.kind,
        status: activity.status,
        titleEn: activity.titleEn,
        titleRu: activity.titleRu,
        startsAt: activity.startsAt,
        endsAt: activity.endsAt,
        timeZone: activity.timeZone,
        venue: activity.venue,
        online: activity.online,
        hostStateCode: activity.hostStateCode,
        networkNameEn: network.nameEn,
        participants: participants.map((p) => p.memberStateCode),
        version: activity.version,
        updatedAt: activity.updatedAt,
      })),
    });
  }
}

/** A feed created or revoked, as the audit log records it. */
function feedEvent(
  type: AuditEventType,
  actor: Principal,
  feedId: string,
  network: NetworkEntity | null | undefined,
  origin: RequestOrigin,
): AuditEvent {
  return {
    type,
    actorId: actor.user.id,
    actorRole: actor.user.role,
    subjectType: 'calendar_feed',
    subjectId: feedId,
    ip: origin.ip ?? null,
    requestId: origin.requestId ?? null,
    details: { networkKey: network?.key ?? null },
  };
}
