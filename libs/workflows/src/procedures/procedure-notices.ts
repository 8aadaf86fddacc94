import type { MailLanguage, NotificationKind, NotificationsService } from '@fpn/notifications';
import type { EntityManager } from 'typeorm';
import type { ProcedureNoteData } from '../notes';
import type { SilenceProcedureStatus } from './procedure-kinds';

/** What every step of a procedure knows about it: its visible facts, never the draft's text. */
export interface ProcedureFacts {
  id: string;
  titleEn: string;
  titleRu: string;
  deadline: Date;
  deadlineTimeZone: string;
  status: SilenceProcedureStatus;
  version: number;
  networkKey: string | null;
  networkNameEn: string | null;
  networkNameRu: string | null;
}

const PROCEDURE_FACTS_SQL = `SELECT p.id, p.title_en AS "titleEn", p.title_ru AS "titleRu",
        p.deadline, p.deadline_time_zone AS "deadlineTimeZone", p.status, p.version,
        n.key AS "networkKey", n.name_en AS "networkNameEn", n.name_ru AS "networkNameRu"
   FROM silence_procedure p
   LEFT JOIN network n ON n.id = p.network_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The procedure, its row locked for the rest of the transaction: FOR SHARE
 * by statements (many at once), FOR UPDATE by whatever changes the row
 * (extension, withdrawal, the sweep's close). A statement and the close thus
 * never interleave: the statement is recorded before the close, or sees the
 * procedure closed.
 */
export async function lockProcedure(
  manager: EntityManager,
  id: string,
  mode: 'SHARE' | 'UPDATE',
): Promise<ProcedureFacts | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await manager.query<ProcedureFacts[]>(
    `${PROCEDURE_FACTS_SQL} WHERE p.id = $1 FOR ${mode} OF p`,
    [id],
  );
  return row;
}

/** Open procedures whose deadline has passed at `now`, claimed for closing (SKIP LOCKED). */
export function claimDueProcedures(
  manager: EntityManager,
  now: Date,
  limit: number,
): Promise<ProcedureFacts[]> {
  return manager.query<ProcedureFacts[]>(
    `${PROCEDURE_FACTS_SQL}
      WHERE p.status = 'open' AND p.deadline <= $1
      ORDER BY p.deadline, p.id
      LIMIT $2
      FOR UPDATE OF p SKIP LOCKED`,
    [now, limit],
  );
}

/** What part B's NoteIssuer writes a procedure's note from. */
export function noteDataOf(
  facts: ProcedureFacts,
  extra: Pick<ProcedureNoteData, 'previousDeadline' | 'outcome' | 'brokenBy'> = {},
): ProcedureNoteData {
  return {
    procedureId: facts.id,
    titleEn: facts.titleEn,
    titleRu: facts.titleRu,
    deadline: facts.deadline.toISOString(),
    deadlineTimeZone: facts.deadlineTimeZone,
    priorityArea:
      facts.networkKey && facts.networkNameEn && facts.networkNameRu
        ? { key: facts.networkKey, nameEn: facts.networkNameEn, nameRu: facts.networkNameRu }
        : null,
    ...extra,
  };
}

interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  language: MailLanguage;
}

/** Every active coordinator, and with `secretariat` the Secretariat's accounts too. */
function recipients(manager: EntityManager, secretariat: boolean): Promise<Recipient[]> {
  return manager.query<Recipient[]>(
    `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", u.language
       FROM user_account u
      WHERE u.status = 'active'
        AND (u.role = 'STATE_COORDINATOR'
             OR ($1 AND u.role IN ('SECRETARIAT_ADMIN', 'SECRETARIAT_OFFICER')))
      ORDER BY u.email`,
    [secretariat],
  );
}

export type ProcedureNoticeKind =
  | NotificationKind.SILENCE_PROCEDURE_OPENED
  | NotificationKind.SILENCE_STATEMENT_RECORDED
  | NotificationKind.SILENCE_PROCEDURE_EXTENDED
  | NotificationKind.SILENCE_PROCEDURE_WITHDRAWN
  | NotificationKind.SILENCE_PROCEDURE_CLOSED;

/**
 * One step of a procedure, told in the app and by e-mail (in each person's
 * language) to every active coordinator — and, for statements, to the
 * Secretariat. In the caller's transaction; returns how many were told.
 */
export async function notifyProcedureStep(
  notifications: NotificationsService,
  manager: EntityManager,
  kind: ProcedureNoticeKind,
  facts: ProcedureFacts,
  step: {
    noteReference: string | null;
    secretariatToo?: boolean;
    extra?: Record<string, string>;
  },
): Promise<number> {
  const people = await recipients(manager, step.secretariatToo ?? false);
  for (const person of people) {
    const params = {
      displayName: person.displayName,
      procedureId: facts.id,
      titleEn: facts.titleEn,
      titleRu: facts.titleRu,
      deadline: facts.deadline.toISOString(),
      deadlineTimeZone: facts.deadlineTimeZone,
      networkNameEn: facts.networkNameEn,
      networkNameRu: facts.networkNameRu,
      noteReference: step.noteReference,
      ...step.extra,
    };
    await notifications.notify(manager, {
      userId: person.userId,
      kind,
      // The kind decides which extras its template reads; the base is SilenceProcedureNotice.
      params: params as never,
      email: { to: person.email, language: person.language },
    });
  }
  return people.length;
}
