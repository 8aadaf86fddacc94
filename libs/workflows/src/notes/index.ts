export { NoteKind } from './note-types';
export type {
  IssueNoteInput,
  IssuedNote,
  ProcedureNoteData,
  ProcedureNoteKind,
} from './note-types';
export { NoteIssuer, type IssueOptions } from './note-issuer';
export { NOTE_ENTITIES, NoteCounterEntity, NoteEntity, NoteSeriesEntity } from './entities';
export { NoteErrorReason } from './note-errors';
export { Notes } from './notes.service';
export { NotesResolver } from './notes.resolver';
export { NotesController } from './notes.controller';
