import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode } from '@fpn/core';
import { DUE_AT_SQL } from '@fpn/directory';
import { DataSource } from 'typeorm';
import type {
  ActivityRow,
  MessageCountRow,
  ParticipationRow,
  ReviewMemberState,
  ReviewNetwork,
  RosterRow,
} from './yearly-review.types';

/** The period and network a review reads: activities and messages in [from, to). */
export interface ReviewScope {
  from: Date;
  to: Date;
  /** One network, or null for every network. */
  networkKey: string | null;
}

/**
 * The review's reads, one grouped query each: activities (libs/workflows
 * activities' tables), the roster (libs/directory) and message counts
 * (libs/messaging's visible metadata). Never a subject, a body or an
 * attachment: the server has none in clear, and the review asks for none.
 */
@Injectable()
export class ReviewQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The network asked for (BAD_USER_INPUT `UNKNOWN_NETWORK` if none has the key), or every network. */
  async networks(networkKey: string | null): Promise<ReviewNetwork[]> {
    const networks = await this.dataSource.query<ReviewNetwork[]>(
      `SELECT id, key, name_en AS "nameEn", name_ru AS "nameRu" FROM network
        WHERE $1::text IS NULL OR key = $1 ORDER BY key`,
      [networkKey],
    );
    if (networkKey !== null && networks.length === 0) {
      throw new DomainError(ErrorCode.BadUserInput, `No network has the key ${networkKey}`, {
        field: 'networkKey',
        reason: 'UNKNOWN_NETWORK',
      });
    }
    return networks;
  }

  memberStates(): Promise<ReviewMemberState[]> {
    return this.dataSource.query<ReviewMemberState[]>(
      `SELECT code, name_en AS "nameEn", name_ru AS "nameRu" FROM member_state
        WHERE membership = 'member' ORDER BY code`,
    );
  }

  /** Every activity starting in the period, whatever its status, with its participating states. */
  activities(scope: ReviewScope): Promise<ActivityRow[]> {
    return this.dataSource.query<ActivityRow[]>(
      `SELECT a.id, n.key AS "networkKey", a.kind::text AS kind, a.status::text AS status,
              a.title_en AS "titleEn", a.title_ru AS "titleRu", a.starts_at AS "startsAt",
              (SELECT count(*) FROM activity_participant p WHERE p.activity_id = a.id)::int
                AS "participatingStates"
         FROM activity a
         JOIN network n ON n.id = a.network_id
        WHERE a.starts_at >= $1 AND a.starts_at < $2 AND ($3::text IS NULL OR n.key = $3)
        ORDER BY a.starts_at, a.id`,
      [scope.from, scope.to, scope.networkKey],
    );
  }

  /** Per network and state: the held activities of the period the state took part in. */
  participation(scope: ReviewScope): Promise<ParticipationRow[]> {
    return this.dataSource.query<ParticipationRow[]>(
      `SELECT n.key AS "networkKey", p.member_state_code AS "memberStateCode",
              count(*)::int AS "heldActivities"
         FROM activity_participant p
         JOIN activity a ON a.id = p.activity_id
         JOIN network n ON n.id = a.network_id
        WHERE a.status = 'held' AND a.starts_at >= $1 AND a.starts_at < $2
          AND ($3::text IS NULL OR n.key = $3)
        GROUP BY 1, 2`,
      [scope.from, scope.to, scope.networkKey],
    );
  }

  /**
   * Per network and state, the active entries at `asOf`: whether an active
   * primary and an alternate are there, and how many are stale by the
   * directory's own rule (flagged by the freshness sweep, or past the due date
   * the sweep has not reached yet — libs/directory freshness-rules).
   */
  roster(networkKey: string | null, asOf: Date): Promise<RosterRow[]> {
    return this.dataSource.query<RosterRow[]>(
      `SELECT n.key AS "networkKey", fp.member_state_code AS "memberStateCode",
              count(*)::int AS "activeEntries",
              bool_or(m.role = 'primary') AS "activePrimary",
              bool_or(m.role = 'alternate') AS "alternatePresent",
              count(*) FILTER (WHERE fp.stale_since IS NOT NULL OR fp.escalated_at IS NOT NULL
                                  OR $2::timestamptz >= ${DUE_AT_SQL})::int AS "staleEntries"
         FROM focal_point fp
         JOIN network_membership m ON m.focal_point_id = fp.id
         JOIN network n ON n.id = m.network_id
        WHERE fp.status = 'active' AND ($1::text IS NULL OR n.key = $1)
        GROUP BY 1, 2`,
      [networkKey, asOf],
    );
  }

  /** Messages sent in the period in network threads, by network, category and priority. */
  messages(scope: ReviewScope): Promise<MessageCountRow[]> {
    return this.dataSource.query<MessageCountRow[]>(
      `SELECT n.key AS "networkKey", m.category::text AS category, m.priority::text AS priority,
              count(*)::int AS messages
         FROM message m
         JOIN message_thread t ON t.id = m.thread_id
         JOIN network n ON n.id = t.network_id
        WHERE m.sent_at >= $1 AND m.sent_at < $2 AND ($3::text IS NULL OR n.key = $3)
        GROUP BY 1, 2, 3`,
      [scope.from, scope.to, scope.networkKey],
    );
  }
}
