/** Where a silence procedure stands (stored as the `silence_procedure_status` enum). */
export enum SilenceProcedureStatus {
  OPEN = 'open',
  APPROVED = 'approved',
  NOT_ADOPTED = 'not_adopted',
  WITHDRAWN = 'withdrawn',
}

/** What a state said (stored as the `silence_statement_kind` enum). */
export enum SilenceStatementKind {
  /** The state agrees (silence kept, said out loud). */
  CONCURRENCE = 'concurrence',
  /** Silence broken: a written objection. */
  OBJECTION = 'objection',
  /** Silence broken: a proposed amendment (the reason is its text). */
  AMENDMENT = 'amendment',
  /** The state withdraws its standing objection or amendment. */
  WITHDRAWAL = 'withdrawal',
}

/** A state's position, from its latest statement. */
export enum SilenceStanding {
  /** No statement, or its objection or amendment withdrawn: silence kept. */
  SILENT = 'silent',
  CONCURRED = 'concurred',
  OBJECTED = 'objected',
  AMENDMENT_PROPOSED = 'amendment_proposed',
}

/** Kinds that break silence; they need a reason. */
export const BREAKING_KINDS: readonly SilenceStatementKind[] = [
  SilenceStatementKind.OBJECTION,
  SilenceStatementKind.AMENDMENT,
];
