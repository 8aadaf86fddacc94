import type { Api } from '@fpn/client';
import { ClientUsageError, clientCommand, openClient, type ClientOptions } from './client-context';

type Request = Api.RequestFieldsFragment;
type Policy = Api.RequestPolicyFieldsFragment;

function requestLines(request: Request): string[] {
  const lines = [
    `Request ${request.messageId} in ${request.networkKey}: due ${request.dueAt}${request.dueChosenBySender ? ' (set by the sender)' : ' (network policy)'}${request.directlyAccessible ? ', directly accessible' : ''}${request.closedAt ? `, closed ${request.closedAt}` : ''}`,
  ];
  for (const state of request.states) {
    const when = state.answeredAt
      ? `answered ${state.answeredAt}${state.answeredOnTime ? ' (on time)' : ' (late)'}`
      : state.acknowledgedAt
        ? `acknowledged ${state.acknowledgedAt}`
        : '';
    const escalated = state.escalatedAt ? `, escalated ${state.escalatedAt}` : '';
    lines.push(
      `  ${state.memberStateCode}  ${state.status.padEnd(12)} ${when}${escalated}`.trimEnd(),
    );
  }
  return lines;
}

function policyLines(policy: Policy): string[] {
  const hours = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);
  return [
    `${policy.networkKey}${policy.custom ? '' : ' (defaults)'}:`,
    `  due: urgent, directly accessible ${hours(policy.urgentDirectMinutes)}; urgent ${hours(policy.urgentIndirectMinutes)}; otherwise ${hours(policy.routineMinutes)}`,
    `  escalate when unacknowledged: flash ${hours(policy.flashEscalationMinutes)}; urgent ${hours(policy.urgentEscalationMinutes)}; request ${hours(policy.requestEscalationMinutes)}`,
  ];
}

export const requestStatusCommand = clientCommand<ClientOptions>({
  name: 'request status',
  summary: 'where a request for assistance stands, per addressed state',
  define: (cmd) => cmd.argument('<message-id>', 'the request (its message id)'),
  async run(options, context, [messageId]) {
    const client = await openClient(options, context);
    const request = await client.requests.status(messageId);
    return { data: request, lines: requestLines(request) };
  },
});

export const requestCloseCommand = clientCommand<ClientOptions>({
  name: 'request close',
  summary: 'close your request: no more reminders or escalation',
  define: (cmd) => cmd.argument('<message-id>', 'the request (its message id)'),
  async run(options, context, [messageId]) {
    const client = await openClient(options, context);
    const request = await client.requests.close(messageId);
    return { data: request, lines: requestLines(request) };
  },
});

const POLICY_OPTIONS = {
  urgentDirect: 'urgentDirectMinutes',
  urgentIndirect: 'urgentIndirectMinutes',
  routine: 'routineMinutes',
  flashEscalation: 'flashEscalationMinutes',
  urgentEscalation: 'urgentEscalationMinutes',
  requestEscalation: 'requestEscalationMinutes',
} as const satisfies Record<string, keyof Api.NetworkRequestPolicyInput>;
type PolicyOptions = Partial<Record<keyof typeof POLICY_OPTIONS, string>>;

export const requestPolicyCommand = clientCommand<ClientOptions & PolicyOptions>({
  name: 'request policy',
  summary: "a network's request deadlines and escalation times (the Secretariat changes them)",
  define: (cmd) =>
    cmd
      .argument('<network>', 'the network key')
      .option('--urgent-direct <minutes>', 'due time of an urgent, directly accessible request')
      .option('--urgent-indirect <minutes>', 'due time of another urgent request')
      .option('--routine <minutes>', 'due time of any other request')
      .option('--flash-escalation <minutes>', 'escalate an unacknowledged flash message after')
      .option('--urgent-escalation <minutes>', 'escalate an unacknowledged urgent message after')
      .option('--request-escalation <minutes>', 'escalate an unacknowledged request after'),
  async run(options, context, [networkKey]) {
    const client = await openClient(options, context);
    const changes = Object.entries(POLICY_OPTIONS).filter(
      ([option]) => options[option as keyof PolicyOptions] !== undefined,
    );
    if (!changes.length) {
      const policy = await client.requests.policy(networkKey);
      return { data: policy, lines: policyLines(policy) };
    }
    const current = await client.requests.policy(networkKey);
    const policy: Api.NetworkRequestPolicyInput = {
      urgentDirectMinutes: current.urgentDirectMinutes,
      urgentIndirectMinutes: current.urgentIndirectMinutes,
      routineMinutes: current.routineMinutes,
      flashEscalationMinutes: current.flashEscalationMinutes,
      urgentEscalationMinutes: current.urgentEscalationMinutes,
      requestEscalationMinutes: current.requestEscalationMinutes,
    };
    for (const [option, field] of changes) {
      const value = Number(options[option as keyof PolicyOptions]);
      if (!Number.isSafeInteger(value) || value <= 0) {
        throw new ClientUsageError(`--${kebab(option)} is a whole number of minutes`);
      }
      policy[field] = value;
    }
    const saved = await client.requests.setPolicy(networkKey, policy);
    return { data: saved, lines: policyLines(saved) };
  },
});

export const requestStatsCommand = clientCommand<
  ClientOptions & { from?: string; to?: string; network?: string }
>({
  name: 'request stats',
  summary: 'the Secretariat: messages, requests and response times per network and state',
  define: (cmd) =>
    cmd
      .option('--from <date>', 'from (ISO 8601; default: 365 days ago)')
      .option('--to <date>', 'until (ISO 8601, exclusive; default: now)')
      .option('--network <key>', 'one network only'),
  async run(options, context) {
    const client = await openClient(options, context);
    const to = dateOption(options.to, '--to') ?? new Date();
    const from = dateOption(options.from, '--from') ?? new Date(to.getTime() - 365 * 86_400_000);
    const rows = await client.requests.statistics({ from, to, networkKey: options.network });
    const header = [
      'network',
      'state',
      'sent',
      'requests',
      'received',
      'answered',
      'on time',
      '80 % within',
    ];
    const table = rows.map((row) => [
      row.networkKey,
      row.memberStateCode,
      String(row.messagesSent),
      String(row.requestsSent),
      String(row.requestsReceived),
      String(row.requestsAnswered),
      row.shareAnsweredOnTime === null || row.shareAnsweredOnTime === undefined
        ? '—'
        : `${Math.round(row.shareAnsweredOnTime * 100)} %`,
      duration(row.secondsToAnswer80Percent),
    ]);
    return {
      data: rows,
      lines: rows.length
        ? columns([header, ...table])
        : [`Nothing sent between ${from.toISOString()} and ${to.toISOString()}.`],
    };
  },
});

function dateOption(value: string | undefined, option: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ClientUsageError(`${option} is an ISO 8601 date`);
  return date;
}

function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** Left-aligned columns, two spaces apart. */
export function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
