import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  ClientError,
  ClientErrorCode,
  type FpnClient,
  type ReceivedMessage,
  type SendInput,
  type SendResult,
} from '@fpn/client';
import {
  HANDLING_CODES,
  INFORMATION_ACCURACIES,
  MESSAGE_CATEGORIES,
  MESSAGE_PRIORITIES,
  SOURCE_RELIABILITIES,
} from '@fpn/crypto';
import type { Command } from 'commander';
import type { CliContext } from '../cli-command';
import { attachmentLines } from './attachments.commands';
import { ClientUsageError, clientCommand, openClient, type ClientOptions } from './client-context';
import { transferProgress } from './transfer-progress';

interface ContentOptions {
  subject?: string;
  text?: string;
  file?: string;
  restriction?: string;
}
interface MetadataOptions {
  category?: string;
  priority?: string;
  handling?: string;
  reliability?: string;
  accuracy?: string;
  due?: string;
  directlyAccessible?: boolean;
  answer?: boolean;
  acceptNew?: boolean;
  attach?: string[];
}

const upper = (value: string | undefined) => value?.toUpperCase().replace(/-/g, '_');

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  const normal = upper(value) as T;
  if (!allowed.includes(normal)) {
    throw new ClientUsageError(`${option} is one of ${allowed.join(', ')}`);
  }
  return normal;
}

function defineMetadata(cmd: Command, withCategory: boolean): Command {
  if (withCategory) {
    cmd.option(
      '--category <category>',
      `one of ${MESSAGE_CATEGORIES.join(', ')}`,
      'INFORMATION_EXCHANGE',
    );
  }
  return cmd
    .option('--priority <priority>', `one of ${MESSAGE_PRIORITIES.join(', ')}`, 'ROUTINE')
    .option('--handling <code>', 'handling code H0–H3 (H3: give --restriction)', 'H1')
    .option('--restriction <text>', 'the restriction, for handling code H3')
    .option('--reliability <code>', 'source reliability A, B, C or X')
    .option('--accuracy <code>', 'information accuracy 1–4')
    .option('--due <date>', 'a due date (ISO 8601), for requests (default: the network policy)')
    .option(
      '--directly-accessible',
      'a request whose information the addressed states can look up directly (shorter deadline)',
    )
    .option('--answer', "a reply that is your state's answer to the thread's request")
    .option('--subject <text>', 'the subject (encrypted)')
    .option('--text <text>', 'the message (encrypted)')
    .option('--file <path>', 'read the message text from a file')
    .option(
      '--attach <file>',
      'attach a file, encrypted (repeat for more; progress on stderr)',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option('--accept-new', 'encrypt to people never seen before without asking');
}

async function contentOf(options: ContentOptions, fallbackSubject?: string) {
  const text = options.file ? await readFile(options.file, 'utf8') : options.text;
  if (text === undefined) throw new ClientUsageError('give the message with --text or --file');
  const subject = options.subject ?? fallbackSubject;
  if (subject === undefined) throw new ClientUsageError('give a --subject');
  return { subject, text, ...(options.restriction ? { restriction: options.restriction } : {}) };
}

function metadataOf(options: MetadataOptions) {
  const handlingCode = oneOf(options.handling, HANDLING_CODES, '--handling');
  if (handlingCode === 'H3' && !(options as ContentOptions).restriction) {
    throw new ClientUsageError('handling code H3 needs the restriction stated: --restriction');
  }
  let dueDate: Date | undefined;
  if (options.due !== undefined) {
    dueDate = new Date(options.due);
    if (Number.isNaN(dueDate.getTime())) throw new ClientUsageError('--due is an ISO 8601 date');
  }
  return {
    priority: oneOf(options.priority, MESSAGE_PRIORITIES, '--priority'),
    handlingCode,
    sourceReliability: oneOf(options.reliability, SOURCE_RELIABILITIES, '--reliability'),
    informationAccuracy: oneOf(options.accuracy, INFORMATION_ACCURACIES, '--accuracy'),
    dueDate,
    ...(options.directlyAccessible ? { directlyAccessible: true } : {}),
    ...(options.answer ? { isAnswer: true } : {}),
  };
}

/**
 * Sends; when the SDK meets identities never seen before, asks at a terminal
 * (or wants --accept-new): the sender decides, never the server.
 */
async function sendDeciding(
  client: FpnClient,
  input: SendInput,
  context: CliContext,
  attach: string[] = [],
) {
  const progress = transferProgress('Uploading');
  const send = (acceptNew?: boolean) =>
    client.messaging
      .send({
        ...input,
        ...(acceptNew ? { acceptNew } : {}),
        ...(attach.length
          ? { attachments: attach.map((file) => ({ path: file })), onProgress: progress.report }
          : {}),
      })
      .finally(progress.done);
  try {
    return await send();
  } catch (error) {
    if (
      !(error instanceof ClientError && error.code === ClientErrorCode.NewIdentity) ||
      !process.stdin.isTTY
    ) {
      throw error;
    }
    const answer = await ask(
      `${error.subjects.length} recipient(s) never seen before (${error.subjects.join(', ')}). Encrypt to them? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer.trim())) throw error;
    context.io.err('Trusted on first use; compare safety numbers later: fpn keys verify <who>');
    return send(true);
  }
}

/** What a send printed: the attachments without their keys (those travel only in the message). */
function printable(sent: SendResult) {
  return {
    ...sent,
    attachments: sent.attachments.map(({ id, name, mediaType, size }) => ({
      id,
      name,
      mediaType,
      size,
    })),
  };
}

function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

function summary(message: ReceivedMessage): string {
  const meta = message.metadata;
  const tags = meta
    ? [
        meta.category,
        meta.priority,
        meta.handlingCode,
        meta.sourceReliability,
        meta.informationAccuracy,
      ]
        .filter(Boolean)
        .join(' ')
    : '';
  const from = `${message.senderMemberStateCode ?? 'Secretariat'} ${message.senderUserId}`;
  if (message.status !== 'ok') {
    return `${message.id}  ${message.sentAt}  from ${from}  ${message.status.toUpperCase()}${message.problem ? ` (${message.problem})` : ''}`;
  }
  return `${message.id}  ${message.sentAt}  from ${from}  [${tags}]  ${message.content!.subject}`;
}

function full(message: ReceivedMessage): string[] {
  const lines = [
    summary(message),
    `thread ${message.threadId}${message.inReplyTo ? `, in reply to ${message.inReplyTo}` : ''}`,
  ];
  if (message.metadata?.dueDate) lines.push(`due ${message.metadata.dueDate}`);
  if (message.content) {
    if (message.content.restriction) lines.push(`Restriction (H3): ${message.content.restriction}`);
    lines.push('', message.content.text);
    lines.push(...attachmentLines(message));
  }
  return lines;
}

export const sendCommand = clientCommand<
  ClientOptions &
    ContentOptions &
    MetadataOptions & {
      network?: string;
      states?: string;
      to?: string[];
      user?: string;
      coordinators?: boolean;
    }
>({
  name: 'send',
  summary:
    'send an encrypted message: to a network, to states or focal points in it, to one person, or (the Secretariat) to the coordinators',
  define: (cmd) =>
    defineMetadata(
      cmd
        .option('--network <key>', 'a network you belong to (alone: the whole network)')
        .option(
          '--states <codes>',
          'with --network: these states, e.g. KZ,TJ (their primary and alternate)',
        )
        .option('--to <entry-ids...>', 'with --network: these focal points (directory entry ids)')
        .option('--user <account-id>', 'a direct message to one person')
        .option(
          '--coordinators',
          'the Secretariat: to every national coordinator (a circulation, e.g. a silence procedure’s document)',
        ),
      true,
    ),
  async run(options, context) {
    const client = await openClient(options, context);
    let to: SendInput['to'];
    if (options.coordinators) {
      if (options.network || options.user) {
        throw new ClientUsageError('--coordinators goes to the coordinators alone');
      }
      to = { coordinators: true };
    } else if (options.user) {
      if (options.network) throw new ClientUsageError('--user is a direct message: no --network');
      to = { userId: options.user };
    } else if (options.network) {
      to = { networkKey: options.network };
      if (options.states && options.to) throw new ClientUsageError('--states or --to, not both');
      if (options.states) {
        to.memberStateCodes = options.states.split(',').map((code) => code.trim().toUpperCase());
      }
      if (options.to) to.focalPointIds = options.to;
    } else {
      throw new ClientUsageError(
        'say where: --network <key> [--states …|--to …], --user <account-id> or --coordinators',
      );
    }
    const category = oneOf(options.category, MESSAGE_CATEGORIES, '--category')!;
    const sent = await sendDeciding(
      client,
      {
        to,
        category,
        ...metadataOf(options),
        content: await contentOf(options),
        acceptNew: options.acceptNew,
      },
      context,
      options.attach,
    );
    return {
      data: printable(sent),
      lines: [
        `Sent ${sent.messageId} (thread ${sent.threadId}) to ${sent.recipientAccounts} people on ${sent.recipientDevices} devices.`,
      ],
    };
  },
});

export const replyCommand = clientCommand<ClientOptions & ContentOptions & MetadataOptions>({
  name: 'reply',
  summary: 'answer a message, in its thread (to the same people)',
  define: (cmd) => defineMetadata(cmd.argument('<message-id>', 'the message you answer'), true),
  async run(options, context, [messageId]) {
    const client = await openClient(options, context);
    const original = await client.messaging.read(messageId);
    if (original.status !== 'ok') {
      throw new ClientUsageError(`message ${messageId} is ${original.status}: not answering it`);
    }
    const sent = await sendDeciding(
      client,
      {
        threadId: original.threadId,
        inReplyTo: original.id,
        category: oneOf(options.category, MESSAGE_CATEGORIES, '--category')!,
        ...metadataOf(options),
        content: await contentOf(options, `Re: ${original.content!.subject}`),
        acceptNew: options.acceptNew,
      },
      context,
      options.attach,
    );
    return {
      data: printable(sent),
      lines: [
        `Replied ${sent.messageId} in thread ${sent.threadId} (${sent.recipientDevices} devices).`,
      ],
    };
  },
});

export const inboxCommand = clientCommand<ClientOptions>({
  name: 'inbox',
  summary: 'new messages to this device (each shown once; verified, then decrypted)',
  async run(options, context) {
    const client = await openClient(options, context);
    const messages = await client.messaging.receive();
    return {
      data: messages,
      lines: messages.length ? messages.map(summary) : ['No new messages.'],
    };
  },
});

export const readCommand = clientCommand<ClientOptions>({
  name: 'read',
  summary: 'show one message in full (and mark it read)',
  define: (cmd) => cmd.argument('<message-id>'),
  async run(options, context, [messageId]) {
    const client = await openClient(options, context);
    const message = await client.messaging.read(messageId);
    if (message.status === 'ok' && message.senderUserId !== client.session.account.id) {
      await client.messaging.markRead([messageId]);
    }
    return { data: message, lines: full(message), status: message.status === 'ok' ? 0 : 1 };
  },
});

export const threadCommand = clientCommand<ClientOptions & { first: string }>({
  name: 'thread',
  summary: 'a thread’s messages, oldest first (history, also on a restored device)',
  define: (cmd) => cmd.argument('<thread-id>').option('--first <n>', 'how many', '50'),
  async run(options, context, [threadId]) {
    const client = await openClient(options, context);
    const { thread, messages } = await client.messaging.thread(threadId, {
      first: Number(options.first),
    });
    return {
      data: { thread, messages },
      lines: [
        `${thread.kind.toLowerCase()} thread ${thread.id}${thread.networkKey ? ` in ${thread.networkKey}` : ''} (${thread.addressing.toLowerCase()}: ${thread.memberStateCodes.join(', ')})`,
        ...messages.flatMap((message) => ['', ...full(message)]),
      ],
    };
  },
});

export const threadsCommand = clientCommand<ClientOptions & { first: string }>({
  name: 'threads',
  summary: 'the threads you take part in, most recent first',
  define: (cmd) => cmd.option('--first <n>', 'how many', '20'),
  async run(options, context) {
    const client = await openClient(options, context);
    const threads = await client.messaging.threads({ first: Number(options.first) });
    return {
      data: threads,
      lines: threads.items.length
        ? threads.items.map(
            (thread) =>
              `${thread.id}  ${thread.lastMessageAt}  ${thread.kind.toLowerCase()}${thread.networkKey ? ` ${thread.networkKey}` : ''}  ${thread.memberStateCodes.join(',')}`,
          )
        : ['No threads yet.'],
    };
  },
});

export const ackCommand = clientCommand<ClientOptions>({
  name: 'ack',
  summary: 'acknowledge a message (you, not just your device, have seen it)',
  define: (cmd) => cmd.argument('<message-id>'),
  async run(options, context, [messageId]) {
    const client = await openClient(options, context);
    const at = await client.messaging.acknowledge(messageId);
    return {
      data: { messageId, acknowledgedAt: at },
      lines: [`Acknowledged ${messageId} at ${at}.`],
    };
  },
});

export const statusCommand = clientCommand<ClientOptions>({
  name: 'status',
  summary: 'who received, acknowledged and read a message you sent, per state',
  define: (cmd) => cmd.argument('<message-id>'),
  async run(options, context, [messageId]) {
    const client = await openClient(options, context);
    const status = await client.messaging.status(messageId);
    return {
      data: status,
      lines: [
        'state  people  delivered  acknowledged  read',
        ...status.states.map(
          (state) =>
            `${state.memberStateCode.padEnd(5)}  ${String(state.recipients).padStart(6)}  ${String(state.delivered).padStart(9)}  ${String(state.acknowledged).padStart(12)}  ${String(state.read).padStart(4)}`,
        ),
      ],
    };
  },
});

export const watchCommand = clientCommand<ClientOptions>({
  name: 'watch',
  summary: 'show messages live as they arrive (Ctrl-C to stop); --json prints one JSON line each',
  async run(options, context) {
    const client = await openClient(options, context);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (!options.json) context.io.err('Watching for messages (Ctrl-C to stop)…');
    try {
      await client.messaging.watch(
        (message) => {
          context.io.out(options.json ? JSON.stringify(message) : summary(message));
        },
        {
          signal: stop.signal,
          onError: (error) =>
            context.io.err(`watch: ${error instanceof Error ? error.message : String(error)}`),
        },
      );
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return { data: undefined, lines: [] };
  },
});
