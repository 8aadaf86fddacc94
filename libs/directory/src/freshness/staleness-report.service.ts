import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode } from '@fpn/core';
import type { CallerScope } from '@fpn/identity';
import { DataSource } from 'typeorm';

/** One state's active entries in one network (or in none), and how fresh they are. */
export interface StalenessLine {
  memberStateCode: string;
  /** Null for entries in no network. */
  networkKey: string | null;
  entries: number;
  /** Reminded, not yet stale. */
  dueSoon: number;
  /** Stale, escalated or not. */
  stale: number;
  escalated: number;
  oldestConfirmation: Date;
}

/**
 * The Secretariat's view of how true the directory is: per state and network,
 * counted from the confirmation cycle the sweep records. Active entries only
 * (suspended and retired ones are not asked to confirm). One grouped query.
 */
@Injectable()
export class StalenessReport {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async lines(scope: CallerScope, networkKey?: string | null): Promise<StalenessLine[]> {
    if (networkKey != null) {
      const [known] = await this.dataSource.query<{ found: boolean }[]>(
        'SELECT EXISTS (SELECT 1 FROM network WHERE key = $1) AS found',
        [networkKey],
      );
      if (!known?.found) {
        throw new DomainError(ErrorCode.BadUserInput, `No network has the key ${networkKey}`, {
          field: 'networkKey',
        });
      }
    }
    // The Secretariat sees every state; anyone else only their own.
    const state = scope.isSecretariat ? null : (scope.memberStateCode ?? null);
    return this.dataSource.query<StalenessLine[]>(
      `SELECT fp.member_state_code AS "memberStateCode",
              n.key AS "networkKey",
              COUNT(*)::int AS entries,
              COUNT(*) FILTER (WHERE fp.reminded_at IS NOT NULL AND fp.stale_since IS NULL)::int AS "dueSoon",
              COUNT(*) FILTER (WHERE fp.stale_since IS NOT NULL)::int AS stale,
              COUNT(*) FILTER (WHERE fp.escalated_at IS NOT NULL)::int AS escalated,
              MIN(fp.last_confirmed_at) AS "oldestConfirmation"
         FROM focal_point fp
         LEFT JOIN network_membership m ON m.focal_point_id = fp.id
         LEFT JOIN network n ON n.id = m.network_id
        WHERE fp.status = 'active'
          AND ($1::varchar IS NULL OR n.key = $1)
          AND ($2::char(2) IS NULL OR fp.member_state_code = $2)
        GROUP BY fp.member_state_code, n.key
        ORDER BY fp.member_state_code, n.key NULLS LAST`,
      [networkKey ?? null, state],
    );
  }
}
