import { readFile, writeFile } from 'node:fs/promises';
import type { Api } from '@fpn/client';
import { ClientUsageError, clientCommand, openClient, type ClientOptions } from './client-context';

type Note = Api.NoteSummaryFieldsFragment;

const noteLine = (note: Note) =>
  `${note.reference.padEnd(16)} ${note.dated}  ${note.kind.toLowerCase().padEnd(19)} ${note.titleEn} / ${note.titleRu}  (${note.id})`;

function wholeNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) {
    throw new ClientUsageError(`${option} is a whole number`);
  }
  return number;
}

export const notesListCommand = clientCommand<
  ClientOptions & { series?: string; year?: string; procedure?: string; first?: string }
>({
  name: 'notes list',
  summary: "the Secretariat's numbered notes, newest first (Secretariat and coordinators)",
  define: (cmd) =>
    cmd
      .option('--series <key>', 'one series, e.g. NCT/G')
      .option('--year <year>', 'the year at the seat')
      .option('--procedure <id>', 'the notes of one silence procedure')
      .option('--first <n>', 'how many (at most 100)', '20'),
  async run(options, context) {
    const client = await openClient(options, context);
    const page = await client.notes.list({
      seriesKey: options.series,
      year: wholeNumber(options.year, '--year'),
      procedureId: options.procedure,
      first: wholeNumber(options.first, '--first'),
    });
    const lines = page.entries.length ? page.entries.map(noteLine) : ['No notes.'];
    return { data: page, lines };
  },
});

export const notesShowCommand = clientCommand<ClientOptions>({
  name: 'notes show',
  summary: 'a note, in English and Russian (Markdown)',
  define: (cmd) => cmd.argument('<id>', 'the note (its id)'),
  async run(options, context, [id]) {
    const client = await openClient(options, context);
    const note = await client.notes.get(id);
    return { data: note, lines: [note.markdown.trimEnd()] };
  },
});

export const notesDownloadCommand = clientCommand<
  ClientOptions & { format?: string; out?: string }
>({
  name: 'notes download',
  summary: 'save a note as PDF or Markdown',
  define: (cmd) =>
    cmd
      .argument('<id>', 'the note (its id)')
      .option('--format <format>', 'pdf or md', 'pdf')
      .option('--out <file>', 'where to save it (default: its reference, e.g. NCT-G-35.pdf)'),
  async run(options, context, [id]) {
    const format = options.format ?? 'pdf';
    if (format !== 'pdf' && format !== 'md') throw new ClientUsageError('--format is pdf or md');
    const client = await openClient(options, context);
    const note = await client.notes.get(id);
    const bytes = await client.notes.download(id, format);
    const file = options.out ?? `${note.reference.replace(/[^A-Za-z0-9._-]+/g, '-')}.${format}`;
    await writeFile(file, bytes);
    return {
      data: { file, bytes: bytes.length, reference: note.reference },
      lines: [`${note.reference} saved to ${file} (${bytes.length} bytes)`],
    };
  },
});

/** `--text-en @file` reads the file; otherwise the text itself. */
async function textOption(value: string | undefined, option: string): Promise<string> {
  if (value === undefined) throw new ClientUsageError(`${option} is required`);
  return value.startsWith('@') ? readFile(value.slice(1), 'utf8') : value;
}

export const notesIssueCommand = clientCommand<
  ClientOptions & {
    titleEn?: string;
    titleRu?: string;
    textEn?: string;
    textRu?: string;
    series?: string;
    number?: string;
  }
>({
  name: 'notes issue',
  summary: "the Secretariat: circulate a note to every state's coordinators",
  define: (cmd) =>
    cmd
      .requiredOption('--title-en <title>', 'the English title')
      .requiredOption('--title-ru <title>', 'the Russian title')
      .requiredOption('--text-en <text>', 'the English text, or @file')
      .requiredOption('--text-ru <text>', 'the Russian text, or @file')
      .option('--series <key>', 'the series (default: the configured one)')
      .option('--number <n>', 'register a note numbered elsewhere under this number'),
  async run(options, context) {
    const client = await openClient(options, context);
    const note = await client.notes.issue({
      titleEn: options.titleEn!,
      titleRu: options.titleRu!,
      textEn: await textOption(options.textEn, '--text-en'),
      textRu: await textOption(options.textRu, '--text-ru'),
      seriesKey: options.series ?? null,
      number: wholeNumber(options.number, '--number') ?? null,
    });
    return { data: note, lines: [`Issued ${noteLine(note)}`] };
  },
});
