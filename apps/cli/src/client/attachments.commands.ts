import { stat } from 'node:fs/promises';
import type { ReceivedMessage } from '@fpn/client';
import { ClientUsageError, clientCommand, openClient, type ClientOptions } from './client-context';
import { transferProgress } from './transfer-progress';

const MB = 1_000_000;

/** `fpn read` and `fpn thread`: the attachments of an opened message, numbered from 1. */
export function attachmentLines(message: ReceivedMessage): string[] {
  const attachments = message.content?.attachments ?? [];
  if (!attachments.length) return [];
  return [
    '',
    `Attachments (fpn download ${message.id} --attachment N):`,
    ...attachments.map(
      (a, index) =>
        `  ${index + 1}. ${a.name}  ${a.size < MB ? `${a.size} bytes` : `${(a.size / MB).toFixed(1)} MB`}  ${a.mediaType}`,
    ),
  ];
}

export const downloadCommand = clientCommand<
  ClientOptions & { attachment?: string; out?: string; force?: boolean }
>({
  name: 'download',
  summary: "save a message's attachment, decrypted (progress on stderr)",
  define: (cmd) =>
    cmd
      .argument('<message-id>')
      .option('--attachment <n>', 'which attachment, from 1 (default: all)')
      .option('--out <dir>', 'the folder to save into (default: the current folder)', '.')
      .option('--force', 'replace files that exist'),
  async run(options, context, [messageId]) {
    const client = await openClient(options, context);
    const message = await client.messaging.read(messageId);
    if (message.status !== 'ok') {
      throw new ClientUsageError(`message ${messageId} is ${message.status}: nothing to download`);
    }
    const count = message.content?.attachments?.length ?? 0;
    let which = [...Array(count).keys()];
    if (options.attachment !== undefined) {
      const n = Number(options.attachment);
      if (!Number.isInteger(n) || n < 1 || n > count) {
        throw new ClientUsageError(
          count ? `--attachment is a number from 1 to ${count}` : 'this message has no attachments',
        );
      }
      which = [n - 1];
    }
    const out = options.out ?? '.';
    if (
      !(await stat(out).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    ) {
      throw new ClientUsageError(`--out ${out} is not a folder`);
    }
    const progress = transferProgress('Downloading');
    const saved: { attachment: number; name: string; path: string; size: number }[] = [];
    try {
      for (const index of which) {
        const info = message.content!.attachments![index];
        const file = await client.messaging.downloadAttachment(message, index, {
          destination: out,
          overwrite: options.force,
          onProgress: progress.report,
        });
        saved.push({ attachment: index + 1, name: info.name, path: file, size: info.size });
      }
    } finally {
      progress.done();
    }
    return {
      data: saved,
      lines: saved.length
        ? saved.map((s) => `Saved ${s.path} (${s.size} bytes).`)
        : ['This message has no attachments.'],
    };
  },
});
