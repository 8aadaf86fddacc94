import { NoteCounterEntity } from './note-counter.entity';
import { NoteSeriesEntity } from './note-series.entity';
import { NoteEntity } from './note.entity';

export { NoteCounterEntity, NoteEntity, NoteSeriesEntity };

/** The numbered notes' tables (docs/workflows.md). */
export const NOTE_ENTITIES = [NoteSeriesEntity, NoteCounterEntity, NoteEntity];
