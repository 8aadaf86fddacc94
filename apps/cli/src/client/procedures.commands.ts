import type { Api } from '@fpn/client';
import { ClientUsageError, clientCommand, openClient, type ClientOptions } from './client-context';

type Procedure = Api.SilenceProcedureFieldsFragment;

const STATUSES: readonly Api.SilenceProcedureStatus[] = [
  'OPEN',
  'APPROVED',
  'NOT_ADOPTED',
  'WITHDRAWN',
];

/** The deadline in the zone the Secretariat chose, e.g. "2026-12-04 18:00 (Asia/Almaty)". */
function inZone(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} (${timeZone})`;
}

function summaryLine(procedure: Procedure): string {
  const broken = procedure.brokenBy.length
    ? `, silence broken by ${procedure.brokenBy.join(', ')}`
    : '';
  return `${procedure.id}  ${procedure.status.padEnd(11)} due ${inZone(procedure.deadline, procedure.deadlineTimeZone)}  ${procedure.titleEn}${broken}`;
}

function procedureLines(procedure: Procedure): string[] {
  const lines = [
    `${procedure.titleEn}`,
    `${procedure.titleRu}`,
    `Procedure ${procedure.id}: ${procedure.status}, deadline ${inZone(procedure.deadline, procedure.deadlineTimeZone)}${procedure.networkKey ? `, ${procedure.networkKey}` : ''}`,
  ];
  if (procedure.withdrawnReason) lines.push(`Withdrawn: ${procedure.withdrawnReason}`);
  if (procedure.brokenBy.length) lines.push(`Silence broken by: ${procedure.brokenBy.join(', ')}`);
  const spoken = procedure.states.filter((state) => state.latest);
  const silent = procedure.states.length - spoken.length;
  for (const state of spoken) {
    const reason = state.latest?.reason ? `: ${state.latest.reason}` : '';
    lines.push(`  ${state.memberStateCode}  ${state.standing.padEnd(18)}${reason}`.trimEnd());
  }
  lines.push(`  ${silent} other state(s) silent`);
  for (const note of procedure.notes)
    lines.push(`Note ${note.reference} (${note.kind}, ${note.dated})`);
  return lines;
}

export const procedureListCommand = clientCommand<ClientOptions & { status?: string }>({
  name: 'procedure list',
  summary: 'silence procedures, newest first (the Secretariat and coordinators)',
  define: (cmd) => cmd.option('--status <status>', `only these: ${STATUSES.join(', ')}`),
  async run(options, context) {
    const status = options.status?.toUpperCase() as Api.SilenceProcedureStatus | undefined;
    if (status && !STATUSES.includes(status)) {
      throw new ClientUsageError(`--status is one of ${STATUSES.join(', ')}`);
    }
    const client = await openClient(options, context);
    const procedures = await client.procedures.list({ status });
    return {
      data: procedures,
      lines: procedures.length ? procedures.map(summaryLine) : ['No silence procedures.'],
    };
  },
});

export const procedureShowCommand = clientCommand<ClientOptions>({
  name: 'procedure show',
  summary: "a silence procedure: every state's standing and the notes",
  define: (cmd) => cmd.argument('<id>', 'the procedure'),
  async run(options, context, [id]) {
    const client = await openClient(options, context);
    const procedure = await client.procedures.get(id);
    return { data: procedure, lines: procedureLines(procedure) };
  },
});

const STATEMENTS = {
  concur: 'CONCURRENCE',
  object: 'OBJECTION',
  amend: 'AMENDMENT',
  'withdraw-objection': 'WITHDRAWAL',
} as const satisfies Record<string, Api.SilenceStatementKind>;

/** `fpn procedure concur|object|amend|withdraw-objection <id> [--reason …]`: for your own state. */
function statementCommand(verb: keyof typeof STATEMENTS, summary: string) {
  return clientCommand<ClientOptions & { reason?: string }>({
    name: `procedure ${verb}`,
    summary,
    define: (cmd) =>
      cmd
        .argument('<id>', 'the procedure')
        .option(
          '--reason <text>',
          verb === 'amend' ? 'the amendment you propose (required)' : 'your reasons',
        ),
    async run(options, context, [id]) {
      const client = await openClient(options, context);
      const procedure = await client.procedures.statement(id, STATEMENTS[verb], {
        reason: options.reason,
      });
      return { data: procedure, lines: procedureLines(procedure) };
    },
  });
}

export const procedureConcurCommand = statementCommand(
  'concur',
  "record your state's concurrence (coordinators)",
);
export const procedureObjectCommand = statementCommand(
  'object',
  'break silence for your state with a written objection (--reason)',
);
export const procedureAmendCommand = statementCommand(
  'amend',
  'break silence for your state by proposing an amendment (--reason)',
);
export const procedureWithdrawObjectionCommand = statementCommand(
  'withdraw-objection',
  "withdraw your state's objection or amendment before the deadline",
);
