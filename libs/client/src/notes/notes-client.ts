import {
  CreateNoteSeriesDocument,
  IssueNoteDocument,
  NoteDocument,
  NoteSeriesDocument,
  NotesDocument,
  type CreateNoteSeriesInput,
  type IssueNoteInput,
} from '../generated/graphql';
import type { Session } from '../transport/session';

/**
 * The Secretariat's numbered notes (docs/workflows.md): read by the
 * Secretariat and every state's coordinators, issued by the Secretariat.
 * Notes are conference documents, not messages: nothing to decrypt.
 */
export class NotesClient {
  constructor(private readonly session: Session) {}

  /** Newest first; pass `nextCursor` back as `after` for the next page. */
  async list(
    filter: {
      seriesKey?: string;
      year?: number;
      procedureId?: string;
      first?: number;
      after?: string;
    } = {},
  ) {
    return (
      await this.session.request(NotesDocument, {
        seriesKey: filter.seriesKey ?? null,
        year: filter.year ?? null,
        procedureId: filter.procedureId ?? null,
        first: filter.first ?? null,
        after: filter.after ?? null,
      })
    ).notes;
  }

  /** One note with its whole text (Markdown, English then Russian). */
  async get(id: string) {
    return (await this.session.request(NoteDocument, { id })).note;
  }

  /** The note as a file: `GET /notes/<id>.pdf` or `.md`. */
  async download(id: string, format: 'pdf' | 'md'): Promise<Buffer> {
    const response = await this.session.download(`/notes/${encodeURIComponent(id)}.${format}`);
    return Buffer.from(await response.arrayBuffer());
  }

  async series() {
    return (await this.session.request(NoteSeriesDocument, {})).noteSeries;
  }

  /** The Secretariat: a circulation note, or (with `number`) one numbered elsewhere. */
  async issue(input: IssueNoteInput) {
    return (await this.session.request(IssueNoteDocument, { input })).issueNote;
  }

  /** Secretariat administrators: a new series. */
  async createSeries(input: CreateNoteSeriesInput) {
    return (await this.session.request(CreateNoteSeriesDocument, { input })).createNoteSeries;
  }
}
