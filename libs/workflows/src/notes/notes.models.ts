import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { NoteKind } from './note-types';

registerEnumType(NoteKind, {
  name: 'NoteKind',
  description:
    'What a numbered note announces: a silence procedure circulated, extended, withdrawn or closed (its outcome), or a circulation the Secretariat wrote.',
});

@ObjectType('Note', {
  description:
    "A numbered note of the Secretariat, dated at its seat (Astana), in English and Russian. Sent to every member state's coordinators.",
})
export class NoteModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'E.g. NCT/G/35.' })
  reference!: string;

  @Field()
  seriesKey!: string;

  @Field(() => Int, { description: 'The year at the seat when it was issued.' })
  year!: number;

  @Field(() => Int)
  number!: number;

  @Field(() => NoteKind)
  kind!: NoteKind;

  @Field(() => ID, { nullable: true, description: 'The silence procedure it reports on, if any.' })
  procedureId!: string | null;

  @Field()
  titleEn!: string;

  @Field()
  titleRu!: string;

  @Field({ description: 'The date at the seat, YYYY-MM-DD.' })
  dated!: string;

  @Field(() => Date)
  issuedAt!: Date;

  @Field(() => ID, {
    nullable: true,
    description:
      'The account that issued it; null when the system did (an outcome at the deadline).',
  })
  issuedBy!: string | null;

  @Field({ description: 'Numbered elsewhere and registered here with its number.' })
  registered!: boolean;

  @Field({ description: 'The English half (Markdown): reference, place and date, text.' })
  markdownEn!: string;

  @Field({ description: 'The Russian half (Markdown).' })
  markdownRu!: string;

  @Field({ description: 'The whole note (Markdown): the letterhead, then English and Russian.' })
  markdown!: string;

  @Field({ description: 'GET this path with the Bearer token for the PDF.' })
  pdfPath!: string;

  @Field({ description: 'GET this path with the Bearer token for the Markdown file.' })
  markdownPath!: string;
}

@ObjectType('NotePage')
export class NotePageModel {
  @Field(() => [NoteModel], { description: 'Newest first.' })
  entries!: NoteModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}

@ObjectType('NoteSeries', {
  description: 'A series of numbered notes and how its references are written.',
})
export class NoteSeriesModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'E.g. NCT/G.' })
  key!: string;

  @Field({
    description:
      'Placeholders {series}, {number}, {year}. Numbers restart every year when the reference shows {year}; otherwise they run on.',
  })
  referenceFormat!: string;

  @Field()
  nameEn!: string;

  @Field()
  nameRu!: string;

  @Field()
  active!: boolean;

  @Field({ description: 'The series notes are issued in unless another is named.' })
  isDefault!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}

@InputType('CreateNoteSeriesInput')
export class CreateNoteSeriesInput {
  @Field({
    description: 'Upper-case letters and digits in parts joined by "/" or "-", e.g. NCT/G.',
  })
  key!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Default {series}/{number}. Must hold {series} and {number}; {year} is optional.',
  })
  referenceFormat?: string | null;

  @Field()
  nameEn!: string;

  @Field()
  nameRu!: string;
}

@InputType('IssueNoteInput', {
  description:
    'A circulation note. Texts are plain text (blank lines separate paragraphs); markup is shown as typed.',
})
export class IssueCirculationNoteInput {
  @Field(() => String, { nullable: true, description: 'Default: the configured series.' })
  seriesKey?: string | null;

  @Field()
  titleEn!: string;

  @Field()
  titleRu!: string;

  @Field()
  textEn!: string;

  @Field()
  textRu!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Register a note numbered elsewhere under this number (this year); the series then continues after the highest number.',
  })
  number?: number | null;
}
