import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { type Principal, Role } from '@fpn/identity';
import { DataSource } from 'typeorm';
import type { NoteKind } from '../notes';
import {
  type SilenceProcedureStatus,
  SilenceStanding,
  SilenceStatementKind,
} from './procedure-kinds';
import { brokenSilence, latestByState, standingOf } from './procedure-rules';

export interface StatementView {
  id: string;
  memberStateCode: string;
  kind: SilenceStatementKind;
  reason: string | null;
  madeBy: string;
  madeAt: Date;
}

export interface StateStandingView {
  memberStateCode: string;
  standing: SilenceStanding;
  /** The statement that stands; null while the state said nothing. */
  latest: StatementView | null;
}

export interface ProcedureNoteView {
  id: string;
  reference: string;
  kind: NoteKind;
  dated: string;
  issuedAt: Date;
}

export interface ProcedureView {
  id: string;
  titleEn: string;
  titleRu: string;
  documentText: string | null;
  documentMessageId: string | null;
  networkKey: string | null;
  deadline: Date;
  deadlineTimeZone: string;
  status: SilenceProcedureStatus;
  openedBy: string;
  openedAt: Date;
  closedAt: Date | null;
  withdrawnReason: string | null;
  version: number;
  /** Every member state, with its standing. */
  states: StateStandingView[];
  /** Every statement, oldest first. */
  statements: StatementView[];
  /** The states whose standing objection or amendment breaks silence. */
  brokenBy: string[];
  /** The numbered notes issued for it, oldest first. */
  notes: ProcedureNoteView[];
}

type ProcedureRow = Omit<ProcedureView, 'states' | 'statements' | 'brokenBy' | 'notes'>;

const PROCEDURE_COLUMNS = `p.id, p.title_en AS "titleEn", p.title_ru AS "titleRu",
  p.document_text AS "documentText", p.document_message_id AS "documentMessageId",
  n.key AS "networkKey", p.deadline,
  p.deadline_time_zone AS "deadlineTimeZone", p.status, p.opened_by AS "openedBy",
  p.opened_at AS "openedAt", p.closed_at AS "closedAt", p.withdrawn_reason AS "withdrawnReason",
  p.version`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_PROCEDURES_PER_PAGE = 100;

/**
 * Silence procedures as the Secretariat and the coordinators read them: the
 * draft, each member state's standing (its latest statement), every
 * statement, who broke silence, the notes. Breaking silence is circulated
 * to all states, so every coordinator sees every state's statements.
 */
@Injectable()
export class SilenceProcedureReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(reader: Principal, id: string): Promise<ProcedureView> {
    this.assertReader(reader);
    const rows = UUID.test(id)
      ? await this.dataSource.query<ProcedureRow[]>(
          `SELECT ${PROCEDURE_COLUMNS} FROM silence_procedure p
             LEFT JOIN network n ON n.id = p.network_id WHERE p.id = $1`,
          [id],
        )
      : [];
    if (rows.length === 0) throw new NotFoundError('Silence procedure', id);
    const [view] = await this.complete(rows);
    return view;
  }

  /** Newest first, at most `first` (1–100). */
  async list(
    reader: Principal,
    filter: { status?: SilenceProcedureStatus | null; first?: number },
  ): Promise<ProcedureView[]> {
    this.assertReader(reader);
    const first = Math.min(Math.max(filter.first ?? 50, 1), MAX_PROCEDURES_PER_PAGE);
    const rows = await this.dataSource.query<ProcedureRow[]>(
      `SELECT ${PROCEDURE_COLUMNS} FROM silence_procedure p
         LEFT JOIN network n ON n.id = p.network_id
        WHERE $1::silence_procedure_status IS NULL OR p.status = $1
        ORDER BY p.opened_at DESC, p.id DESC
        LIMIT $2`,
      [filter.status ?? null, first],
    );
    return this.complete(rows);
  }

  private assertReader(reader: Principal): void {
    const { role } = reader.user;
    if (
      role !== Role.SECRETARIAT_ADMIN &&
      role !== Role.SECRETARIAT_OFFICER &&
      role !== Role.STATE_COORDINATOR
    ) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'Silence procedures are read by the Secretariat and the coordinators',
      );
    }
  }

  /** Statements, standings and notes of the procedures, in three queries. */
  private async complete(rows: ProcedureRow[]): Promise<ProcedureView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [statements, notes, members] = await Promise.all([
      this.dataSource.query<(StatementView & { procedureId: string })[]>(
        `SELECT id::text AS id, procedure_id AS "procedureId", member_state_code AS "memberStateCode",
                kind, reason, made_by AS "madeBy", made_at AS "madeAt"
           FROM silence_statement WHERE procedure_id = ANY($1::uuid[])
          ORDER BY id`,
        [ids],
      ),
      this.dataSource.query<(ProcedureNoteView & { procedureId: string })[]>(
        `SELECT id, reference, kind::text AS kind, to_char(dated, 'YYYY-MM-DD') AS dated,
                issued_at AS "issuedAt", procedure_id AS "procedureId"
           FROM note WHERE procedure_id = ANY($1::uuid[])
          ORDER BY issued_at, year, number`,
        [ids],
      ),
      this.dataSource.query<{ code: string }[]>(
        `SELECT code FROM member_state WHERE membership = 'member' ORDER BY code`,
      ),
    ]);
    return rows.map((row) => {
      const own = statements
        .filter((statement) => statement.procedureId === row.id)
        .map(({ procedureId: _procedureId, ...statement }) => statement);
      const latest = latestByState(own);
      return {
        ...row,
        states: members.map(({ code }) => {
          const standing = latest.get(code) ?? null;
          return {
            memberStateCode: code,
            standing: standingOf(standing?.kind),
            latest: standing,
          };
        }),
        statements: own,
        brokenBy: brokenSilence(own).map((broken) => broken.memberStateCode),
        notes: notes
          .filter((note) => note.procedureId === row.id)
          .map(({ procedureId: _procedureId, ...note }) => note),
      };
    });
  }
}
