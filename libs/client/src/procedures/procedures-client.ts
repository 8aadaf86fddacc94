import {
  ExtendSilenceProcedureDocument,
  OpenSilenceProcedureDocument,
  RecordSilenceStatementDocument,
  SilenceProcedureDocument,
  SilenceProceduresDocument,
  WithdrawSilenceProcedureDocument,
  type OpenSilenceProcedureInput,
  type SilenceProcedureStatus,
  type SilenceStatementKind,
} from '../generated/graphql';
import type { Session } from '../transport/session';

/**
 * Silence procedures (docs/workflows.md): the Secretariat circulates a draft
 * with a deadline; each state's coordinator concurs or breaks silence (an
 * objection or amendment, with a reason) before it; the server closes it at
 * the deadline. Conference documents, not message content: nothing here is
 * encrypted.
 */
export class ProceduresClient {
  constructor(private readonly session: Session) {}

  /** Newest first; the Secretariat and the coordinators. */
  async list(filter: { status?: SilenceProcedureStatus; first?: number } = {}) {
    return (
      await this.session.request(SilenceProceduresDocument, {
        status: filter.status ?? null,
        ...(filter.first === undefined ? {} : { first: filter.first }),
      })
    ).silenceProcedures;
  }

  /** One procedure: every state's standing, the statements, the notes. */
  async get(id: string) {
    return (await this.session.request(SilenceProcedureDocument, { id })).silenceProcedure;
  }

  /** The Secretariat circulates a draft (the deadline an exact instant, with its IANA zone). */
  async open(input: Omit<OpenSilenceProcedureInput, 'deadline'> & { deadline: Date }) {
    return (
      await this.session.request(OpenSilenceProcedureDocument, {
        input: { ...input, deadline: input.deadline.toISOString() },
      })
    ).openSilenceProcedure;
  }

  /** A coordinator speaks for their own state; OBJECTION and AMENDMENT need a reason. */
  async statement(
    procedureId: string,
    kind: SilenceStatementKind,
    options: { reason?: string; memberStateCode?: string } = {},
  ) {
    return (
      await this.session.request(RecordSilenceStatementDocument, {
        procedureId,
        kind,
        reason: options.reason ?? null,
        memberStateCode: options.memberStateCode ?? null,
      })
    ).recordSilenceStatement;
  }

  /** The Secretariat moves the deadline later. */
  async extend(id: string, deadline: Date) {
    return (
      await this.session.request(ExtendSilenceProcedureDocument, {
        id,
        deadline: deadline.toISOString(),
      })
    ).extendSilenceProcedure;
  }

  /** The Secretariat withdraws an open procedure. */
  async withdraw(id: string, reason: string) {
    return (await this.session.request(WithdrawSilenceProcedureDocument, { id, reason }))
      .withdrawSilenceProcedure;
  }
}
