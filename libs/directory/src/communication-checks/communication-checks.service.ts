import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { Clock, DomainError, ErrorCode, isUniqueViolation } from '@fpn/core';
import { CallerScope, type Principal, type RequestOrigin } from '@fpn/identity';
import { type MailLanguage, NotificationKind, NotificationsService } from '@fpn/notifications';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';
import { CommunicationCheckEntity } from './communication-check.entity';
import { acceptsLateUntil, RECORD_RESULTS_SQL, validDeadline } from './communication-check-rules';

/** A focal point's acknowledgement of a check. */
export interface AcknowledgementView {
  checkId: string;
  focalPointId: string;
  acknowledgedAt: Date | null;
  /** Acknowledged after the deadline. */
  late: boolean;
}

interface ExpectedPerson {
  memberStateCode: string;
  userId: string | null;
  email: string | null;
  displayName: string | null;
  language: MailLanguage | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Communication checks (DESIGN §3.1): the Secretariat asks every active focal
 * point of a network to acknowledge by a deadline; the sweep closes the check
 * and records the result per state (CommunicationChecksSweeper).
 */
@Injectable()
export class CommunicationChecks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Starts a check: every focal point active in the network now is expected
   * (a snapshot), and each with an active account is notified in the app and
   * by e-mail. One open check per network.
   */
  async start(
    actor: Principal,
    input: { networkKey: string; deadline: Date },
    origin: RequestOrigin,
  ): Promise<string> {
    if (!CallerScope.ofUser(actor.user).isSecretariat) {
      throw new DomainError(ErrorCode.Forbidden, 'The Secretariat starts communication checks');
    }
    const now = this.clock.now();
    const deadline = validDeadline(input.deadline, now);
    const checkId = await this.dataSource.transaction(async (manager) => {
      const network = await manager.findOneBy(NetworkEntity, { key: input.networkKey });
      if (!network) {
        throw new DomainError(
          ErrorCode.BadUserInput,
          `No network has the key ${input.networkKey}`,
          {
            field: 'networkKey',
          },
        );
      }
      const id = await this.insertCheck(manager, network, actor, now, deadline);
      const expected = await this.snapshotExpected(manager, id, network.id);
      if (expected.length === 0) {
        throw new DomainError(ErrorCode.Conflict, 'No focal point is active in this network');
      }
      let notified = 0;
      for (const person of expected) {
        if (!person.userId || !person.email) continue;
        await this.notifications.notify(manager, {
          userId: person.userId,
          kind: NotificationKind.COMMUNICATION_CHECK_STARTED,
          params: {
            displayName: person.displayName ?? '',
            checkId: id,
            networkKey: network.key,
            networkNameEn: network.nameEn,
            networkNameRu: network.nameRu,
            deadline: deadline.toISOString(),
          },
          email: { to: person.email, language: person.language ?? 'en' },
        });
        notified += 1;
      }
      await this.audit.record(manager, {
        type: AuditEventType.COMMUNICATION_CHECK_STARTED,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        subjectType: 'communication_check',
        subjectId: id,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: {
          networkKey: network.key,
          deadline: deadline.toISOString(),
          expected: expected.length,
          states: new Set(expected.map((person) => person.memberStateCode)).size,
          notified,
        },
      });
      return id;
    });
    await this.notifications.dispatchSoon();
    return checkId;
  }

  /**
   * The caller acknowledges a check their entry is expected in. A second
   * acknowledgement changes nothing and answers the first. After the deadline
   * it counts as late, and is taken until `acceptsLateUntil`.
   */
  async acknowledge(
    actor: Principal,
    checkId: string,
    origin: RequestOrigin,
  ): Promise<AcknowledgementView> {
    return this.dataSource.transaction(async (manager) => {
      // The check row is share-locked: a sweep closing it waits, or is waited for,
      // so a late acknowledgement is never missed by the recorded result.
      const [row] = UUID.test(checkId)
        ? await manager.query<
            {
              focalPointId: string;
              memberStateCode: string;
              acknowledgedAt: Date | null;
              deadline: Date;
              acceptsLateUntil: Date;
              closedAt: Date | null;
            }[]
          >(
            `SELECT r.focal_point_id AS "focalPointId", r.member_state_code AS "memberStateCode",
                    r.acknowledged_at AS "acknowledgedAt", c.deadline,
                    c.accepts_late_until AS "acceptsLateUntil", c.closed_at AS "closedAt"
               FROM communication_check_recipient r
               JOIN communication_check c ON c.id = r.check_id
               JOIN focal_point fp ON fp.id = r.focal_point_id
              WHERE r.check_id = $1 AND fp.user_id = $2
              FOR UPDATE OF r FOR SHARE OF c`,
            [checkId, actor.user.id],
          )
        : [];
      // Checks the caller is not expected in are NOT_FOUND, as if they did not exist.
      if (!row) throw new DomainError(ErrorCode.NotFound, 'No such communication check');
      const view = (acknowledgedAt: Date | null): AcknowledgementView => ({
        checkId,
        focalPointId: row.focalPointId,
        acknowledgedAt,
        late: acknowledgedAt !== null && acknowledgedAt > row.deadline,
      });
      if (row.acknowledgedAt) return view(row.acknowledgedAt);
      const now = this.clock.now();
      if (now > row.acceptsLateUntil) {
        throw new DomainError(ErrorCode.Conflict, 'This check no longer takes acknowledgements');
      }
      await manager.query(
        `UPDATE communication_check_recipient SET acknowledged_at = $3, acknowledged_by = $4
          WHERE check_id = $1 AND focal_point_id = $2`,
        [checkId, row.focalPointId, now, actor.user.id],
      );
      // Closed already: the state's recorded result takes the late acknowledgement.
      if (row.closedAt) await manager.query(RECORD_RESULTS_SQL, [checkId, row.memberStateCode]);
      const acknowledged = view(now);
      await this.audit.record(manager, {
        type: AuditEventType.COMMUNICATION_CHECK_ACKNOWLEDGED,
        actorId: actor.user.id,
        actorRole: actor.user.role,
        subjectType: 'communication_check',
        subjectId: checkId,
        memberState: row.memberStateCode,
        ip: origin.ip ?? null,
        requestId: origin.requestId ?? null,
        details: { focalPointId: row.focalPointId, late: acknowledged.late },
      });
      return acknowledged;
    });
  }

  private async insertCheck(
    manager: EntityManager,
    network: NetworkEntity,
    actor: Principal,
    now: Date,
    deadline: Date,
  ): Promise<string> {
    const open = await manager.findOneBy(CommunicationCheckEntity, {
      networkId: network.id,
      closedAt: IsNull(),
    });
    const alreadyOpen = () =>
      new DomainError(ErrorCode.Conflict, `A check of ${network.key} is already open`, {
        checkId: open?.id ?? null,
      });
    if (open) throw alreadyOpen();
    try {
      const { identifiers } = await manager.insert(CommunicationCheckEntity, {
        networkId: network.id,
        startedBy: actor.user.id,
        startedAt: now,
        deadline,
        acceptsLateUntil: acceptsLateUntil(deadline),
        closedAt: null,
      });
      return (identifiers[0] as { id: string }).id;
    } catch (error) {
      // Two starts at once: the partial unique index lets one through.
      if (isUniqueViolation(error)) throw alreadyOpen();
      throw error;
    }
  }

  /** Who is expected: every focal point active in the network now, with their active account. */
  private snapshotExpected(
    manager: EntityManager,
    checkId: string,
    networkId: string,
  ): Promise<ExpectedPerson[]> {
    return manager.query<ExpectedPerson[]>(
      `WITH expected AS (
         INSERT INTO communication_check_recipient (check_id, focal_point_id, member_state_code)
         SELECT $1, fp.id, fp.member_state_code
           FROM focal_point fp
           JOIN network_membership m ON m.focal_point_id = fp.id
          WHERE m.network_id = $2 AND fp.status = 'active'
         RETURNING focal_point_id, member_state_code
       )
       SELECT e.member_state_code AS "memberStateCode", u.id AS "userId", u.email,
              u.display_name AS "displayName", u.language
         FROM expected e
         JOIN focal_point fp ON fp.id = e.focal_point_id
         LEFT JOIN user_account u ON u.id = fp.user_id AND u.status = 'active'
        ORDER BY e.member_state_code, u.email`,
      [checkId, networkId],
    );
  }
}
