/**
 * The contract other workflows code against (docs/workflows.md, "Numbered
 * notes"): the kinds of note, what a silence procedure hands over to be
 * written up, and what issuing returns.
 */
export enum NoteKind {
  SILENCE_CIRCULATION = 'silence_circulation',
  SILENCE_EXTENSION = 'silence_extension',
  SILENCE_WITHDRAWAL = 'silence_withdrawal',
  SILENCE_OUTCOME = 'silence_outcome',
  CIRCULATION = 'circulation',
}

export interface ProcedureNoteData {
  procedureId: string;
  /** The document's title. */
  titleEn: string;
  titleRu: string;
  /** ISO 8601 UTC instant: the current deadline. */
  deadline: string;
  /** IANA zone the Secretariat chose, e.g. 'Asia/Almaty'. */
  deadlineTimeZone: string;
  /** SILENCE_EXTENSION only. */
  previousDeadline?: string;
  /** The network, if any. */
  priorityArea: { key: string; nameEn: string; nameRu: string } | null;
  /** SILENCE_OUTCOME only. */
  outcome?: 'approved' | 'not_adopted';
  /** SILENCE_OUTCOME: the states that broke silence. */
  brokenBy?: {
    memberStateCode: string;
    nameEn: string;
    nameRu: string;
    kind: 'objection' | 'amendment';
  }[];
}

export type ProcedureNoteKind =
  | NoteKind.SILENCE_CIRCULATION
  | NoteKind.SILENCE_EXTENSION
  | NoteKind.SILENCE_WITHDRAWAL
  | NoteKind.SILENCE_OUTCOME;

export type IssueNoteInput =
  | {
      kind: ProcedureNoteKind;
      procedure: ProcedureNoteData;
      /** Account id; null = the system (sweeper). */
      issuedBy: string | null;
      seriesKey?: string;
    }
  | {
      kind: NoteKind.CIRCULATION;
      titleEn: string;
      titleRu: string;
      textEn: string;
      textRu: string;
      issuedBy: string;
      seriesKey?: string;
    };

export interface IssuedNote {
  id: string;
  reference: string;
  number: number;
  year: number;
  /** YYYY-MM-DD at the seat. */
  dated: string;
}
