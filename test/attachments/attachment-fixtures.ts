import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { AttachmentEncryptor, type AttachmentReference, toBase64Url } from '@fpn/crypto';
import { gql, type GraphqlResponse, type TestApp, withPgClient } from '@fpn/testing';
import {
  MESSAGE_FIELDS,
  type messagingFixtures,
  type Party,
  type SentMessage,
  type To,
} from '../messaging/messaging-fixtures';

export const SEND_WITH_ATTACHMENTS = gql<
  { sendMessage: SentMessage & { message: { attachments: { id: string; size: number }[] } } },
  {
    input: {
      envelope: string;
      to?: To | null;
      attachments?: { id: string; ciphertextHash: string }[];
    };
  }
>`
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) {
      duplicate recipientAccounts recipientDevices
      message { ${MESSAGE_FIELDS} }
    }
  }
`;

/** A real encrypted blob (docs/protocol.md §5) of `size` random plaintext bytes. */
export async function encryptedBlob(
  size: number,
): Promise<{ blob: Buffer; reference: AttachmentReference }> {
  const encryptor = new AttachmentEncryptor();
  const pieces: Uint8Array[] = [];
  for await (const piece of encryptor.encrypt([randomBytes(size)])) pieces.push(piece);
  return { blob: Buffer.concat(pieces), reference: encryptor.reference() };
}

export const hashOf = (reference: AttachmentReference) => toBase64Url(reference.ciphertextHash);

/** tus and downloads over plain HTTP, as any tus client or `curl` would speak them. */
export function attachmentHttp(app: TestApp) {
  const call = (
    token: string,
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: Buffer,
  ) =>
    fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0', ...headers },
      body,
    });

  async function create(token: string, length: number): Promise<string> {
    const response = await call(token, 'POST', '/attachments', {
      'Upload-Length': String(length),
    });
    if (response.status !== 201) {
      throw new Error(`creation refused: ${response.status} ${await response.text()}`);
    }
    const location = response.headers.get('location')!;
    return location.slice(location.lastIndexOf('/') + 1);
  }

  const patch = (token: string, id: string, offset: number, bytes: Buffer) =>
    call(
      token,
      'PATCH',
      `/attachments/${id}`,
      { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
      bytes,
    );

  async function offset(token: string, id: string): Promise<number | null> {
    const response = await call(token, 'HEAD', `/attachments/${id}`);
    return response.status === 200 ? Number(response.headers.get('upload-offset')) : null;
  }

  /** Creates and uploads `blob` in `chunkSize` PATCHes; returns the id. */
  async function upload(token: string, blob: Buffer, chunkSize = 256 * 1024): Promise<string> {
    const id = await create(token, blob.length);
    for (let at = 0; at < blob.length; at += chunkSize) {
      const response = await patch(token, id, at, blob.subarray(at, at + chunkSize));
      if (response.status !== 204) {
        throw new Error(`PATCH refused: ${response.status} ${await response.text()}`);
      }
    }
    return id;
  }

  const download = (token: string, id: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/attachments/${id}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });

  /**
   * A PATCH whose connection drops: it announces `announced` bytes, sends
   * `bytes`, then the socket is destroyed.
   */
  function interruptedPatch(
    token: string,
    id: string,
    at: number,
    bytes: Buffer,
    announced: number,
  ): Promise<void> {
    return new Promise((resolve) => {
      const url = new URL(`${app.url}/attachments/${id}`);
      const request = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${token}`,
          'Tus-Resumable': '1.0.0',
          'Upload-Offset': String(at),
          'Content-Type': 'application/offset+octet-stream',
          'Content-Length': String(announced),
        },
      });
      request.on('error', () => resolve());
      request.write(bytes, () => {
        setTimeout(() => {
          request.destroy();
          resolve();
        }, 300);
      });
    });
  }

  return { call, create, patch, offset, upload, download, interruptedPatch };
}

/** Sends a message from `sender` to `to` carrying `attachments`. */
export async function sendWithAttachments(
  fx: ReturnType<typeof messagingFixtures>,
  sender: Party,
  to: To,
  attachments: { id: string; ciphertextHash: string }[],
  messageId: string = randomUUID(),
  threadId: string = randomUUID(),
): Promise<
  GraphqlResponse<{
    sendMessage: SentMessage & { message: { attachments: { id: string; size: number }[] } };
  }>
> {
  const recipients = await fx.recipientsFor(sender, { to });
  const envelope = fx.envelope(sender.devices[0], recipients, { messageId, threadId });
  return sender.client.request(SEND_WITH_ATTACHMENTS, {
    input: { envelope: JSON.stringify(envelope), to, attachments },
  });
}

/** The attachment rows, as the owner sees them. */
export function attachmentRows(app: TestApp) {
  return withPgClient(app.database.ownerUrl, async (client) => {
    const { rows } = await client.query<{
      id: string;
      status: string;
      received_length: string;
      message_id: string | null;
      parts: number;
    }>(
      `SELECT a.id, a.status, a.received_length, a.message_id,
              (SELECT count(*)::int FROM attachment_part p WHERE p.attachment_id = a.id) AS parts
         FROM attachment a ORDER BY a.created_at, a.id`,
    );
    return rows;
  });
}
