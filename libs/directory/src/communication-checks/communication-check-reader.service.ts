import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { CallerScope, type Principal, Role } from '@fpn/identity';
import { DataSource, In } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';
import type { AcknowledgementView } from './communication-checks.service';
import { CheckOutcome } from './communication-check-result.entity';
import { PENDING, stateOutcome } from './communication-check-rules';

export interface StateResultView {
  memberStateCode: string;
  outcome: CheckOutcome | typeof PENDING;
  expected: number;
  acknowledgedInTime: number;
  acknowledgedLate: number;
}

export interface CheckView {
  id: string;
  network: NetworkEntity;
  startedAt: Date;
  deadline: Date;
  acceptsLateUntil: Date;
  closedAt: Date | null;
  /** Every state for the Secretariat, their own for a coordinator, none for others. */
  results: StateResultView[];
  /** The caller's own acknowledgement, when their entry is expected. */
  myAcknowledgement: AcknowledgementView | null;
}

export interface CheckPage {
  checks: CheckView[];
  nextCursor: string | null;
}

interface CheckRow {
  id: string;
  networkId: string;
  startedAt: Date;
  deadline: Date;
  acceptsLateUntil: Date;
  closedAt: Date | null;
}

/** Who the caller is to the checks: which they see, and which states' results. */
interface Viewer {
  userId: string;
  secretariat: boolean;
  /** A coordinator's state: they see the checks it was asked in, and its line. */
  coordinatorOf: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const encodeCursor = (check: CheckRow) =>
  Buffer.from(JSON.stringify([check.startedAt.toISOString(), check.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      UUID.test(value[1])
    ) {
      return value as [string, string];
    }
  } catch {
    // falls through
  }
  throw new DomainError(ErrorCode.BadUserInput, 'Cursor is not valid', { field: 'after' });
}

/**
 * Reading communication checks, scoped: the Secretariat sees every check and
 * every state's result; a coordinator the checks their state was asked in,
 * with their state's line; a focal point the checks they are expected in, with
 * their own acknowledgement. Anything else is NOT_FOUND, as if it did not exist.
 */
@Injectable()
export class CommunicationCheckReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(actor: Principal, id: string): Promise<CheckView> {
    const viewer = viewerOf(actor);
    const rows = UUID.test(id) ? await this.visible(viewer, { id }) : [];
    if (rows.length === 0) throw new DomainError(ErrorCode.NotFound, 'No such communication check');
    const [view] = await this.views(viewer, rows);
    return view;
  }

  /** Newest first. */
  async list(
    actor: Principal,
    filter: { networkKey?: string | null; first: number; after?: string | null },
  ): Promise<CheckPage> {
    if (filter.first < 1 || filter.first > 100) {
      throw new DomainError(ErrorCode.BadUserInput, 'first must be between 1 and 100', {
        field: 'first',
      });
    }
    const after = filter.after ? decodeCursor(filter.after) : null;
    if (filter.networkKey != null) {
      const [known] = await this.dataSource.query<{ found: boolean }[]>(
        'SELECT EXISTS (SELECT 1 FROM network WHERE key = $1) AS found',
        [filter.networkKey],
      );
      if (!known?.found) {
        throw new DomainError(
          ErrorCode.BadUserInput,
          `No network has the key ${filter.networkKey}`,
          {
            field: 'networkKey',
          },
        );
      }
    }
    const viewer = viewerOf(actor);
    const rows = await this.visible(viewer, {
      networkKey: filter.networkKey,
      after,
      limit: filter.first + 1,
    });
    const page = rows.slice(0, filter.first);
    return {
      checks: await this.views(viewer, page),
      nextCursor: rows.length > filter.first ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  private visible(
    viewer: Viewer,
    where: {
      id?: string;
      networkKey?: string | null;
      after?: [string, string] | null;
      limit?: number;
    },
  ): Promise<CheckRow[]> {
    return this.dataSource.query<CheckRow[]>(
      `SELECT c.id, c.network_id AS "networkId", c.started_at AS "startedAt", c.deadline,
              c.accepts_late_until AS "acceptsLateUntil", c.closed_at AS "closedAt"
         FROM communication_check c
         JOIN network n ON n.id = c.network_id
        WHERE ($1::boolean
               OR EXISTS (SELECT 1 FROM communication_check_recipient r
                           WHERE r.check_id = c.id AND r.member_state_code = $2)
               OR EXISTS (SELECT 1 FROM communication_check_recipient r
                            JOIN focal_point fp ON fp.id = r.focal_point_id
                           WHERE r.check_id = c.id AND fp.user_id = $3))
          AND ($4::uuid IS NULL OR c.id = $4)
          AND ($5::varchar IS NULL OR n.key = $5)
          AND ($6::timestamptz IS NULL OR (c.started_at, c.id) < ($6, $7::uuid))
        ORDER BY c.started_at DESC, c.id DESC
        LIMIT $8`,
      [
        viewer.secretariat,
        viewer.coordinatorOf,
        viewer.userId,
        where.id ?? null,
        where.networkKey ?? null,
        where.after?.[0] ?? null,
        where.after?.[1] ?? null,
        where.limit ?? 1,
      ],
    );
  }

  /** Results and the caller's acknowledgements for a page of checks: two queries, whatever its size. */
  private async views(viewer: Viewer, rows: CheckRow[]): Promise<CheckView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const results = new Map<string, StateResultView[]>();
    if (viewer.secretariat || viewer.coordinatorOf) {
      // Closed checks: the recorded results. Open ones: counted now.
      const counted = await this.dataSource.query<
        (Omit<StateResultView, 'outcome'> & { checkId: string; outcome: CheckOutcome | null })[]
      >(
        `SELECT c.id AS "checkId", s.member_state_code AS "memberStateCode", s.outcome,
                s.expected, s.acknowledged_in_time AS "acknowledgedInTime",
                s.acknowledged_late AS "acknowledgedLate"
           FROM communication_check c
           JOIN communication_check_result s ON s.check_id = c.id
          WHERE c.id = ANY($1::uuid[]) AND c.closed_at IS NOT NULL
            AND ($2::char(2) IS NULL OR s.member_state_code = $2)
         UNION ALL
         SELECT c.id, r.member_state_code, NULL, COUNT(*)::int,
                (COUNT(*) FILTER (WHERE r.acknowledged_at <= c.deadline))::int,
                (COUNT(*) FILTER (WHERE r.acknowledged_at > c.deadline))::int
           FROM communication_check c
           JOIN communication_check_recipient r ON r.check_id = c.id
          WHERE c.id = ANY($1::uuid[]) AND c.closed_at IS NULL
            AND ($2::char(2) IS NULL OR r.member_state_code = $2)
          GROUP BY c.id, r.member_state_code
          ORDER BY 2`,
        [ids, viewer.secretariat ? null : viewer.coordinatorOf],
      );
      const now = this.clock.now();
      const deadlines = new Map(rows.map((row) => [row.id, row.deadline]));
      for (const { checkId, outcome, ...line } of counted) {
        const list = results.get(checkId) ?? [];
        list.push({
          ...line,
          outcome: outcome ?? stateOutcome(line, now > deadlines.get(checkId)!),
        });
        results.set(checkId, list);
      }
    }
    const acknowledgements = await this.dataSource.query<
      { checkId: string; focalPointId: string; acknowledgedAt: Date | null; deadline: Date }[]
    >(
      `SELECT r.check_id AS "checkId", r.focal_point_id AS "focalPointId",
              r.acknowledged_at AS "acknowledgedAt", c.deadline
         FROM communication_check_recipient r
         JOIN communication_check c ON c.id = r.check_id
         JOIN focal_point fp ON fp.id = r.focal_point_id
        WHERE r.check_id = ANY($1::uuid[]) AND fp.user_id = $2`,
      [ids, viewer.userId],
    );
    const networkIds = [...new Set(rows.map((row) => row.networkId))];
    const networks = new Map(
      (await this.dataSource.manager.findBy(NetworkEntity, { id: In(networkIds) })).map(
        (network) => [network.id, network],
      ),
    );
    const mine = new Map(
      acknowledgements.map((ack) => [
        ack.checkId,
        {
          checkId: ack.checkId,
          focalPointId: ack.focalPointId,
          acknowledgedAt: ack.acknowledgedAt,
          late: ack.acknowledgedAt !== null && ack.acknowledgedAt > ack.deadline,
        },
      ]),
    );
    return rows.map((row) => ({
      id: row.id,
      network: networks.get(row.networkId)!,
      startedAt: row.startedAt,
      deadline: row.deadline,
      acceptsLateUntil: row.acceptsLateUntil,
      closedAt: row.closedAt,
      results: results.get(row.id) ?? [],
      myAcknowledgement: mine.get(row.id) ?? null,
    }));
  }
}

function viewerOf(actor: Principal): Viewer {
  const scope = CallerScope.ofUser(actor.user);
  return {
    userId: actor.user.id,
    secretariat: scope.isSecretariat,
    coordinatorOf:
      actor.user.role === Role.STATE_COORDINATOR ? (scope.memberStateCode ?? null) : null,
  };
}
