import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode, isUniqueViolation } from '@fpn/core';
import type { RequestOrigin } from '@fpn/identity';
import { NotificationsService } from '@fpn/notifications';
import { DataSource } from 'typeorm';
import { NoteSeriesEntity } from './entities/note-series.entity';
import { NoteErrorReason, noteNotFound, seriesNotFound } from './note-errors';
import { notePaths, NoteIssuer } from './note-issuer';
import { oneLine } from './note-markdown';
import {
  DEFAULT_REFERENCE_FORMAT,
  MAX_NOTE_NUMBER,
  validReferenceFormat,
  validSeriesKey,
} from './note-numbering';
import { noteMarkdown } from './note-templates';
import { NoteKind } from './note-types';
import type {
  CreateNoteSeriesInput,
  IssueCirculationNoteInput,
  NoteModel,
  NotePageModel,
  NoteSeriesModel,
} from './notes.models';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TITLE_MAX = 300;
const TEXT_MAX = 20_000;
const NAME_MAX = 200;
const PAGE_MAX = 100;
/** A note's columns with its series' key; the date as text (node-postgres would make it a local Date). */
const NOTE_COLUMNS = `n.id, s.key AS series_key, n.year, n.number, n.reference, n.kind, n.procedure_id,
  n.title_en, n.title_ru, n.body_en, n.body_ru, n.dated::text AS dated, n.issued_at, n.issued_by,
  n.registered`;

/** Who issues or reads: the account the PolicyGuard authenticated. */
export interface NoteCaller {
  userId: string;
  role: string;
}

export interface NoteFilter {
  seriesKey?: string | null;
  year?: number | null;
  procedureId?: string | null;
  first?: number | null;
  after?: string | null;
}

const badInput = (field: string, message: string, reason?: string) =>
  new DomainError(ErrorCode.BadUserInput, message, { field, ...(reason ? { reason } : {}) });

/** One line of typed text, 1 to `max` characters after spaces are folded. */
function line(value: string, field: string, max: number): string {
  const text = oneLine(value);
  if (text.length === 0 || text.length > max) {
    throw badInput(field, `${field} must be 1 to ${max} characters`);
  }
  return text;
}

function text(value: string, field: string): string {
  if (value.trim().length === 0 || value.length > TEXT_MAX) {
    throw badInput(field, `${field} must be 1 to ${TEXT_MAX} characters`);
  }
  return value;
}

/**
 * Numbered notes for the API (docs/workflows.md): the list and one note, the
 * series, a circulation issued (or a note numbered elsewhere registered).
 * Who may call is the resolver's policy; every coordinator reads every note,
 * so there is no state scope to check.
 */
@Injectable()
export class Notes {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly issuer: NoteIssuer,
    private readonly notifications: NotificationsService,
  ) {}

  async get(id: string): Promise<NoteModel> {
    if (!UUID.test(id)) throw noteNotFound(id);
    const [row] = await this.dataSource.query<NoteRow[]>(
      `SELECT ${NOTE_COLUMNS} FROM note n JOIN note_series s ON s.id = n.series_id
        WHERE n.id = $1`,
      [id],
    );
    if (!row) throw noteNotFound(id);
    return toModel(row);
  }

  async list(filter: NoteFilter): Promise<NotePageModel> {
    const first = filter.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX) {
      throw badInput('first', `first must be 1 to ${PAGE_MAX}`);
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.seriesKey != null) {
      const key = validSeriesKey(filter.seriesKey, 'seriesKey');
      const series = await this.dataSource.manager.findOneBy(NoteSeriesEntity, { key });
      if (!series) throw seriesNotFound(key);
      add('n.series_id = ?', series.id);
    }
    if (filter.year != null) {
      if (!Number.isInteger(filter.year) || filter.year < 2000 || filter.year > 2200) {
        throw badInput('year', 'year must be between 2000 and 2200');
      }
      add('n.year = ?', filter.year);
    }
    if (filter.procedureId != null) {
      if (!UUID.test(filter.procedureId)) throw badInput('procedureId', 'procedureId is not an id');
      add('n.procedure_id = ?', filter.procedureId);
    }
    if (filter.after != null) {
      const cursor = decodeCursor(filter.after);
      params.push(cursor.issuedAt, cursor.id);
      where.push(`(n.issued_at, n.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(first + 1);
    const rows = await this.dataSource.query<NoteRow[]>(
      `SELECT ${NOTE_COLUMNS} FROM note n JOIN note_series s ON s.id = n.series_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY n.issued_at DESC, n.id DESC
        LIMIT $${params.length}`,
      params,
    );
    const entries = rows.slice(0, first).map(toModel);
    const last = entries[entries.length - 1];
    return {
      entries,
      nextCursor: rows.length > first && last ? encodeCursor(last.issuedAt, last.id) : null,
    };
  }

  async series(): Promise<NoteSeriesModel[]> {
    const rows = await this.dataSource.manager.find(NoteSeriesEntity, { order: { key: 'ASC' } });
    return rows.map((row) => this.seriesModel(row));
  }

  async createSeries(
    caller: NoteCaller,
    input: CreateNoteSeriesInput,
    origin: RequestOrigin,
  ): Promise<NoteSeriesModel> {
    const key = validSeriesKey(input.key, 'key');
    const referenceFormat = validReferenceFormat(input.referenceFormat ?? DEFAULT_REFERENCE_FORMAT);
    const nameEn = line(input.nameEn, 'nameEn', NAME_MAX);
    const nameRu = line(input.nameRu, 'nameRu', NAME_MAX);
    const exists = () =>
      new DomainError(ErrorCode.Conflict, `Note series "${key}" already exists`, {
        field: 'key',
        reason: NoteErrorReason.NOTE_SERIES_EXISTS,
      });
    try {
      const series = await this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(NoteSeriesEntity, { key })) throw exists();
        const created = manager.create(NoteSeriesEntity, {
          key,
          referenceFormat,
          nameEn,
          nameRu,
          active: true,
          createdAt: this.clock.now(),
          createdBy: caller.userId,
        });
        await manager.insert(NoteSeriesEntity, created);
        await this.audit.record(manager, {
          type: AuditEventType.NOTE_SERIES_CREATED,
          actorId: caller.userId,
          actorRole: caller.role,
          subjectType: 'note_series',
          subjectId: created.id,
          ip: origin.ip ?? null,
          requestId: origin.requestId ?? null,
          details: { key, referenceFormat },
        });
        return created;
      });
      return this.seriesModel(series);
    } catch (error) {
      if (isUniqueViolation(error)) throw exists();
      throw error;
    }
  }

  /** A circulation note, or one numbered elsewhere registered with its number. */
  async issueCirculation(
    caller: NoteCaller,
    input: IssueCirculationNoteInput,
    origin: RequestOrigin,
  ): Promise<NoteModel> {
    const seriesKey =
      input.seriesKey == null ? undefined : validSeriesKey(input.seriesKey, 'seriesKey');
    const titleEn = line(input.titleEn, 'titleEn', TITLE_MAX);
    const titleRu = line(input.titleRu, 'titleRu', TITLE_MAX);
    const textEn = text(input.textEn, 'textEn');
    const textRu = text(input.textRu, 'textRu');
    const number = input.number ?? undefined;
    if (
      number !== undefined &&
      (!Number.isInteger(number) || number < 1 || number > MAX_NOTE_NUMBER)
    ) {
      throw badInput('number', `number must be 1 to ${MAX_NOTE_NUMBER}`);
    }
    const issued = await this.dataSource.transaction((manager) =>
      this.issuer.issue(
        manager,
        {
          kind: NoteKind.CIRCULATION,
          titleEn,
          titleRu,
          textEn,
          textRu,
          issuedBy: caller.userId,
          seriesKey,
        },
        { number, origin },
      ),
    );
    await this.notifications.dispatchSoon();
    return this.get(issued.id);
  }

  private seriesModel(row: NoteSeriesEntity): NoteSeriesModel {
    return {
      id: row.id,
      key: row.key,
      referenceFormat: row.referenceFormat,
      nameEn: row.nameEn,
      nameRu: row.nameRu,
      active: row.active,
      isDefault: row.key === this.config.notes.defaultSeries,
      createdAt: row.createdAt,
    };
  }
}

/** A note as read from SQL, with its series' key. */
interface NoteRow {
  id: string;
  series_key: string;
  year: number;
  number: number;
  reference: string;
  kind: NoteKind;
  procedure_id: string | null;
  title_en: string;
  title_ru: string;
  body_en: string;
  body_ru: string;
  dated: string;
  issued_at: Date;
  issued_by: string | null;
  registered: boolean;
}

function toModel(row: NoteRow): NoteModel {
  return {
    id: row.id,
    reference: row.reference,
    seriesKey: row.series_key,
    year: row.year,
    number: row.number,
    kind: row.kind,
    procedureId: row.procedure_id,
    titleEn: row.title_en,
    titleRu: row.title_ru,
    dated: row.dated,
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
    registered: row.registered,
    markdownEn: row.body_en,
    markdownRu: row.body_ru,
    markdown: noteMarkdown(row.body_en, row.body_ru),
    ...notePaths(row.id),
  };
}

function encodeCursor(issuedAt: Date, id: string): string {
  return Buffer.from(`${issuedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { issuedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const issuedAt = new Date(at ?? '');
  if (cursor.length > 200 || !id || !UUID.test(id) || Number.isNaN(issuedAt.getTime())) {
    throw badInput('after', 'after is not a cursor of this list');
  }
  return { issuedAt, id };
}
