import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode, isUniqueViolation } from '@fpn/core';
import type { RequestOrigin } from '@fpn/identity';
import { type MailLanguage, NotificationKind, NotificationsService } from '@fpn/notifications';
import type { EntityManager } from 'typeorm';
import { NoteEntity } from './entities/note.entity';
import { NoteSeriesEntity } from './entities/note-series.entity';
import { dateIn, isTimeZone } from './note-dates';
import { NoteErrorReason, noteNumberTaken, seriesNotFound } from './note-errors';
import { counterYear, DEFAULT_REFERENCE_FORMAT, formatReference } from './note-numbering';
import { noteTitles, renderNoteBody } from './note-templates';
import { type IssuedNote, type IssueNoteInput, NoteKind } from './note-types';

/** What only the Secretariat's own calls add: a number given elsewhere, where the call came from. */
export interface IssueOptions {
  /** Register a note numbered elsewhere under this number (else the next one is taken). */
  number?: number;
  origin?: RequestOrigin;
}

/** The names of the series made on first use from NOTES_DEFAULT_SERIES. */
const DEFAULT_SERIES_NAMES = {
  nameEn: 'Notes of the CICA Secretariat',
  nameRu: 'Ноты Секретариата СВМДА',
};

interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  language: MailLanguage;
}

export const notePaths = (id: string) => ({
  pdfPath: `/notes/${id}.pdf`,
  markdownPath: `/notes/${id}.md`,
});

/** Issues numbered notes (docs/workflows.md, "Numbered notes"). */
@Injectable()
export class NoteIssuer {
  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * In the caller's transaction: takes the next number, stores the note in
   * both languages, audits NOTE_ISSUED, notifies every active coordinator
   * (NotificationsService.notify in the transaction). The caller calls
   * notifications.dispatchSoon() after commit.
   */
  async issue(
    manager: EntityManager,
    input: IssueNoteInput,
    options: IssueOptions = {},
  ): Promise<IssuedNote> {
    checkInput(input);
    const issuedAt = this.clock.now();
    const dated = dateIn(issuedAt, this.config.notes.seatTimeZone);
    const year = Number(dated.slice(0, 4));
    const series = await this.seriesFor(manager, input.seriesKey);
    const issuer = await this.issuer(manager, input.issuedBy);

    const number = await this.takeNumber(manager, series, year, options.number);
    const reference = formatReference(series.referenceFormat, {
      series: series.key,
      number,
      year,
    });
    const id = randomUUID();
    const heading = { reference, dated };
    const note: Omit<NoteEntity, 'series' | 'procedure' | 'issuer'> = {
      id,
      seriesId: series.id,
      year,
      number,
      reference,
      kind: input.kind,
      procedureId: input.kind === NoteKind.CIRCULATION ? null : input.procedure.procedureId,
      ...noteTitles(input),
      bodyEn: renderNoteBody(input, heading, 'en'),
      bodyRu: renderNoteBody(input, heading, 'ru'),
      dated,
      issuedAt,
      issuedBy: input.issuedBy,
      registered: options.number !== undefined,
    };
    try {
      await manager.insert(NoteEntity, note);
    } catch (error) {
      // A registered number that raced another, or a reference another series happens to write.
      if (isUniqueViolation(error)) throw noteNumberTaken(reference);
      throw error;
    }

    const recipients = await activeCoordinators(manager);
    // A procedure's note arrives with the procedure's own notice, e-mailed with the note's
    // reference and the deadline in its zone: its NOTE_ISSUED stays in the app (one e-mail a step).
    const emailed = input.kind === NoteKind.CIRCULATION;
    for (const recipient of recipients) {
      await this.notifications.notify(manager, {
        userId: recipient.userId,
        kind: NotificationKind.NOTE_ISSUED,
        params: {
          displayName: recipient.displayName,
          noteId: id,
          noteReference: reference,
          titleEn: note.titleEn,
          titleRu: note.titleRu,
          noteKind: note.kind,
          dated,
          ...notePaths(id),
        },
        ...(emailed ? { email: { to: recipient.email, language: recipient.language } } : {}),
      });
    }
    await this.audit.record(manager, {
      type: AuditEventType.NOTE_ISSUED,
      actorId: input.issuedBy,
      actorRole: issuer?.role ?? 'SYSTEM',
      subjectType: 'note',
      subjectId: id,
      ip: options.origin?.ip ?? null,
      requestId: options.origin?.requestId ?? null,
      details: {
        seriesKey: series.key,
        reference,
        number,
        year,
        kind: note.kind,
        procedureId: note.procedureId,
        registered: note.registered,
        coordinatorsNotified: recipients.length,
      },
    });
    return { id, reference, number, year, dated };
  }

  /** The series named, or the configured default (made on first use). */
  private async seriesFor(manager: EntityManager, key?: string): Promise<NoteSeriesEntity> {
    const wanted = key ?? this.config.notes.defaultSeries;
    let series = await manager.findOneBy(NoteSeriesEntity, { key: wanted });
    if (!series && wanted === this.config.notes.defaultSeries) {
      await manager.query(
        `INSERT INTO note_series (key, reference_format, name_en, name_ru, active, created_at, created_by)
         VALUES ($1, $2, $3, $4, true, $5, NULL)
         ON CONFLICT (key) DO NOTHING`,
        [
          wanted,
          DEFAULT_REFERENCE_FORMAT,
          DEFAULT_SERIES_NAMES.nameEn,
          DEFAULT_SERIES_NAMES.nameRu,
          this.clock.now(),
        ],
      );
      series = await manager.findOneBy(NoteSeriesEntity, { key: wanted });
    }
    if (!series) throw seriesNotFound(wanted);
    if (!series.active) {
      throw new DomainError(ErrorCode.Conflict, `Note series "${wanted}" is no longer in use`, {
        field: 'seriesKey',
        reason: NoteErrorReason.NOTE_SERIES_INACTIVE,
      });
    }
    return series;
  }

  /**
   * The next number from the counter — one upsert whose row lock serialises
   * concurrent issuers until they commit, and which a rollback undoes, so
   * numbers are consecutive and never reused — or, for a note numbered
   * elsewhere, its own number, after which the counter continues.
   */
  private async takeNumber(
    manager: EntityManager,
    series: NoteSeriesEntity,
    year: number,
    registered: number | undefined,
  ): Promise<number> {
    const counter = counterYear(series.referenceFormat, year);
    if (registered === undefined) {
      const [row] = await manager.query<{ last_number: number }[]>(
        `INSERT INTO note_counter (series_id, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (series_id, year) DO UPDATE SET last_number = note_counter.last_number + 1
         RETURNING last_number`,
        [series.id, counter],
      );
      return row.last_number;
    }
    // The counter row first: a concurrent issuer waits, then continues after this number.
    await manager.query(
      `INSERT INTO note_counter (series_id, year, last_number) VALUES ($1, $2, $3)
       ON CONFLICT (series_id, year)
       DO UPDATE SET last_number = GREATEST(note_counter.last_number, EXCLUDED.last_number)`,
      [series.id, counter, registered],
    );
    const reference = formatReference(series.referenceFormat, {
      series: series.key,
      number: registered,
      year,
    });
    const [taken] = await manager.query<{ id: string }[]>(
      `SELECT id FROM note
        WHERE reference = $1 OR (series_id = $2 AND number = $3 AND ($4 = 0 OR year = $4))
        LIMIT 1`,
      [reference, series.id, registered, counter],
    );
    if (taken) throw noteNumberTaken(reference);
    return registered;
  }

  private async issuer(
    manager: EntityManager,
    userId: string | null,
  ): Promise<{ role: string } | null> {
    if (userId === null) return null;
    const [user] = await manager.query<{ role: string }[]>(
      'SELECT role FROM user_account WHERE id = $1',
      [userId],
    );
    if (!user) throw new Error(`NoteIssuer: no account ${userId} to issue a note`);
    return user;
  }
}

/** Every coordinator of every member state, with an active account: whom a note is sent to. */
function activeCoordinators(manager: EntityManager): Promise<Recipient[]> {
  return manager.query<Recipient[]>(
    `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", u.language
       FROM user_account u
      WHERE u.role = 'STATE_COORDINATOR' AND u.status = 'active'
      ORDER BY u.member_state_code, u.email`,
  );
}

/** What a caller must hand over: a programming error otherwise, before anything is written. */
function checkInput(input: IssueNoteInput): void {
  const titles = noteTitles(input);
  if (!titles.titleEn || !titles.titleRu) throw new Error('NoteIssuer: a note needs both titles');
  if (input.kind === NoteKind.CIRCULATION) return;
  const { procedure } = input;
  for (const [name, value] of [
    ['deadline', procedure.deadline],
    ['previousDeadline', procedure.previousDeadline],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      throw new Error(`NoteIssuer: ${name} is not an ISO 8601 instant`);
    }
  }
  if (!isTimeZone(procedure.deadlineTimeZone)) {
    throw new Error('NoteIssuer: deadlineTimeZone is not an IANA time zone');
  }
  if (input.kind === NoteKind.SILENCE_OUTCOME && !procedure.outcome) {
    throw new Error('NoteIssuer: an outcome note needs the outcome');
  }
}
