import { writeFile } from 'node:fs/promises';
import { clientCommand, openClient, type ClientOptions } from './client-context';

type SearchOptions = ClientOptions & {
  state?: string;
  network?: string;
  language?: string;
  first: string;
  after?: string;
};

export const directorySearchCommand = clientCommand<SearchOptions>({
  name: 'directory search',
  summary: 'find focal points (by name, title or authority, in Latin or Cyrillic)',
  define: (cmd) =>
    cmd
      .argument('[words...]', 'words that must all occur')
      .option('--state <code>', 'ISO code of a member state, e.g. KZ')
      .option('--network <key>', 'a network, e.g. law-enforcement')
      .option('--language <code>', 'a working language, e.g. ru')
      .option('--first <n>', 'how many (at most 100)', '20')
      .option('--after <cursor>', 'the next page after this cursor'),
  async run(options, context, args) {
    const client = await openClient(options, context);
    const words = args.flat().join(' ').trim();
    const result = await client.directory.search(
      {
        text: words || undefined,
        memberStateCode: options.state?.toUpperCase(),
        networkKey: options.network,
        language: options.language,
      },
      { first: Number(options.first), after: options.after },
    );
    return {
      data: result,
      lines: [
        ...result.edges.map(({ node }) =>
          [
            node.id,
            node.memberStateCode,
            node.fullName,
            node.title,
            node.authority.nameEn,
            node.memberships.map((m) => `${m.network.key}:${m.role.toLowerCase()}`).join(','),
          ].join('  '),
        ),
        `${result.totalCount} found${result.pageInfo.hasNextPage ? ` — more with --after ${result.pageInfo.endCursor}` : ''}`,
      ],
    };
  },
});

export const directoryShowCommand = clientCommand<ClientOptions>({
  name: 'directory show',
  summary: 'one focal point, with contact channels you may see',
  define: (cmd) => cmd.argument('<id>', 'the entry id, as search lists it'),
  async run(options, context, [id]) {
    const client = await openClient(options, context);
    const entry = await client.directory.show(id);
    return {
      data: entry,
      lines: [
        `${entry.fullName} — ${entry.title}`,
        `${entry.authority.nameEn} (${entry.memberStateCode}), ${entry.status.toLowerCase()}`,
        `Languages: ${entry.languages.join(', ') || '—'}; time zone ${entry.timeZone}; ${entry.availability.toLowerCase()}`,
        `Networks: ${entry.memberships.map((m) => `${m.network.key} (${m.role.toLowerCase()})`).join(', ') || '—'}`,
        ...(entry.contactChannels ?? []).map(
          (channel) =>
            `${channel.kind.toLowerCase()}: ${channel.value}${channel.note ? ` (${channel.note})` : ''}`,
        ),
        `Account: ${entry.accountId ?? 'none linked'}`,
      ],
    };
  },
});

export const directoryExportCommand = clientCommand<
  ClientOptions & { state?: string; network?: string; out?: string }
>({
  name: 'directory export',
  summary: 'the entries you may see as CSV (to a file with --out, else printed)',
  define: (cmd) =>
    cmd
      .option('--state <code>', 'one member state')
      .option('--network <key>', 'one network')
      .option('--out <file>', 'write the CSV here'),
  async run(options, context) {
    const client = await openClient(options, context);
    const csv = await client.directory.exportCsv({
      memberStateCode: options.state?.toUpperCase(),
      networkKey: options.network,
    });
    const rows = Math.max(0, csv.trimEnd().split('\n').length - 1);
    if (options.out) {
      await writeFile(options.out, csv);
      return {
        data: { file: options.out, rows },
        lines: [`${rows} entries written to ${options.out}`],
      };
    }
    return { data: { csv, rows }, lines: [csv.trimEnd()] };
  },
});
