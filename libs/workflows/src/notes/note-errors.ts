import { DomainError, ErrorCode } from '@fpn/core';

/** Stable reasons a client may rely on (docs/workflows.md, "Numbered notes"). */
export enum NoteErrorReason {
  /** The number (or the reference it makes) is already a note's in that series and year. */
  NOTE_NUMBER_TAKEN = 'NOTE_NUMBER_TAKEN',
  /** A series with this key exists. */
  NOTE_SERIES_EXISTS = 'NOTE_SERIES_EXISTS',
  /** The series was retired: no new notes in it. */
  NOTE_SERIES_INACTIVE = 'NOTE_SERIES_INACTIVE',
}

export const noteNumberTaken = (reference: string) =>
  new DomainError(ErrorCode.Conflict, `Note ${reference} already exists`, {
    field: 'number',
    reason: NoteErrorReason.NOTE_NUMBER_TAKEN,
    reference,
  });

export const noteNotFound = (id: string) =>
  new DomainError(ErrorCode.NotFound, 'No such note', { what: 'Note', key: id });

export const seriesNotFound = (key: string) =>
  new DomainError(ErrorCode.NotFound, `Note series "${key}" does not exist`, {
    what: 'NoteSeries',
    key,
    field: 'seriesKey',
  });
