export { WorkflowsModule, WorkflowsWorkerModule } from './workflows.module';
export { PDF_FONTS } from './documents/fonts';
export { NoteIssuer, NoteKind, NOTE_ENTITIES, Notes, NotesResolver } from './notes';
export type { IssueNoteInput, IssuedNote, ProcedureNoteData, ProcedureNoteKind } from './notes';
export * from './procedures';
export * from './review';
export * from './activities';
