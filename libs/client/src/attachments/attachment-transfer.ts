import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  ATTACHMENT_HASH_BYTES,
  AttachmentEncryptor,
  attachmentCiphertextSize,
  decryptAttachment,
  parseAttachmentReference,
  sodium,
  toBase64Url,
  type ByteSource,
} from '@fpn/crypto';
import { type DetailedError, Upload } from 'tus-js-client';
import { ClientError, ClientErrorCode } from '../errors';
import { ApiError, TransportError } from '../transport/api-error';
import type { Session } from '../transport/session';
import { type AttachmentInfo, safeFileName } from './attachment-content';

/** Bytes per PATCH: a few MiB, so a dropped connection costs at most that much again. */
const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/** Waits before each retry of a failed request (then the transfer fails). */
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10_000, 20_000];

/** How far a transfer is: bytes of the encrypted blob, sent or received. */
export interface TransferProgress {
  name: string;
  sentBytes: number;
  totalBytes: number;
}

/** A file to attach: a path, or any byte source with its size. */
export interface AttachmentSource {
  /** The name the recipients see (default: the file's name). */
  name?: string;
  /** Default application/octet-stream. */
  mediaType?: string;
  /** A file path; or give `source` and `size`. */
  path?: string;
  source?: ByteSource;
  size?: number;
}

/** Tries `what` until it succeeds, or the retries are spent on errors that a retry may cure. */
function transient(error: unknown): boolean {
  if (error instanceof TransportError) return true;
  if (error instanceof ApiError) return (error.status ?? 0) >= 500 || error.status === 429;
  // A body stream cut half-way (undici: "terminated", ECONNRESET).
  return error instanceof TypeError || (error as NodeJS.ErrnoException)?.code === 'ECONNRESET';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Encrypts a file as it is read (secretstream, docs/protocol.md §5) and
 * uploads the blob with tus, chunk by chunk: after a dropped connection the
 * upload asks the server where it stands and goes on from there. Memory stays
 * at about one chunk, whatever the size. Returns what goes in the message
 * body (the key and the hash) and what sendMessage names (id and hash).
 */
export async function uploadAttachment(
  session: Session,
  attachment: AttachmentSource,
  onProgress?: (progress: TransferProgress) => void,
): Promise<AttachmentInfo> {
  const { name, size, source } = await opened(attachment);
  const blobSize = attachmentCiphertextSize(size);
  const encryptor = new AttachmentEncryptor();
  const s = sodium();
  const hash = s.crypto_generichash_init(null, ATTACHMENT_HASH_BYTES);
  let encrypted = 0;

  // The declared size is the contract: more or fewer bytes would make another blob.
  async function* exactly(input: ByteSource): AsyncGenerator<Uint8Array> {
    let read = 0;
    for await (const piece of input) {
      read += piece.length;
      if (read > size) break;
      yield piece;
    }
    if (read !== size) {
      throw new ClientError(
        ClientErrorCode.AttachmentSizeChanged,
        `${name} changed while it was read (${read} bytes, not ${size})`,
      );
    }
  }
  async function* blob(): AsyncGenerator<Uint8Array> {
    for await (const piece of encryptor.encrypt(exactly(source))) {
      s.crypto_generichash_update(hash, piece);
      encrypted += piece.length;
      yield piece;
    }
  }

  const stream = Readable.from(blob(), { objectMode: false });
  const url = await new Promise<string>((resolve, reject) => {
    const upload = new Upload(stream, {
      endpoint: `${session.serverUrl}/attachments`,
      uploadSize: blobSize,
      chunkSize: UPLOAD_CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: true,
      // A fresh token on every request: a long upload outlives an access token.
      onBeforeRequest: async (request) => {
        request.setHeader('Authorization', `Bearer ${await session.accessToken()}`);
      },
      onProgress: (sentBytes, totalBytes) => onProgress?.({ name, sentBytes, totalBytes }),
      onSuccess: () => resolve(upload.url!),
      onError: (error) => {
        stream.destroy();
        reject(uploadFailure(name, error));
      },
    });
    upload.start();
  });
  if (encrypted !== blobSize) {
    throw new ClientError(ClientErrorCode.TransferFailed, `uploading ${name} did not complete`);
  }
  return {
    id: url.slice(url.lastIndexOf('/') + 1),
    name,
    mediaType: attachment.mediaType ?? 'application/octet-stream',
    size,
    key: toBase64Url(encryptor.key),
    ciphertextHash: toBase64Url(s.crypto_generichash_final(hash, ATTACHMENT_HASH_BYTES)),
  };
}

/** The server's refusal (413 too large, 429 too many uploads…) as an ApiError; else TransferFailed. */
function uploadFailure(name: string, error: Error): Error {
  if (error instanceof ClientError) return error;
  const response = (error as DetailedError).originalResponse;
  if (response) {
    let answer: { errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
    try {
      answer = JSON.parse(response.getBody()) as typeof answer;
    } catch {
      answer = null;
    }
    const first = answer?.errors?.[0];
    if (first) {
      const { code, ...details } = first.extensions ?? {};
      return new ApiError(
        first.message,
        typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
        details,
        response.getStatus(),
      );
    }
  }
  return new ClientError(
    ClientErrorCode.TransferFailed,
    `uploading ${name} failed: ${error.message}`,
  );
}

async function opened(attachment: AttachmentSource) {
  if (attachment.path) {
    const info = await stat(attachment.path);
    if (!info.isFile()) throw new RangeError(`${attachment.path} is not a file`);
    return {
      name: attachment.name ?? path.basename(attachment.path),
      size: info.size,
      source: createReadStream(attachment.path, { highWaterMark: 256 * 1024 }) as ByteSource,
    };
  }
  if (!attachment.source || attachment.size === undefined || !attachment.name) {
    throw new RangeError('an attachment is a `path`, or a `source` with its `size` and `name`');
  }
  return { name: attachment.name, size: attachment.size, source: attachment.source };
}

/** Where a download goes, and whether it may replace a file. */
export interface DownloadTarget {
  /** A file path, or an existing folder (the attachment's name is used in it). */
  destination: string;
  overwrite?: boolean;
  onProgress?: (progress: TransferProgress) => void;
}

/**
 * Downloads an attachment and decrypts it as it arrives into a temporary file
 * beside the destination, renamed into place only once decryption completed
 * (every chunk authenticated, the FINAL chunk seen, size and hash right). On
 * any failure the temporary file is removed: a truncated or altered blob never
 * leaves plaintext behind. A dropped connection resumes with a Range request.
 */
export async function downloadAttachment(
  session: Session,
  info: AttachmentInfo,
  target: DownloadTarget,
): Promise<string> {
  const reference = parseAttachmentReference({
    key: info.key,
    ciphertextHash: info.ciphertextHash,
    size: info.size,
  });
  const blobSize = attachmentCiphertextSize(info.size);
  const isFolder = await stat(target.destination).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const destination = isFolder
    ? path.join(target.destination, safeFileName(info.name))
    : target.destination;
  if (!target.overwrite && (await exists(destination))) {
    throw new ClientError(
      ClientErrorCode.FileExists,
      `${destination} exists: choose another place, or allow replacing it`,
    );
  }
  const temporary = path.join(
    path.dirname(destination),
    `.${path.basename(destination)}.${randomBytes(6).toString('hex')}.part`,
  );
  const file = await open(temporary, 'wx', 0o600);
  let closed = false;
  try {
    const progress = (received: number) =>
      target.onProgress?.({ name: info.name, sentBytes: received, totalBytes: blobSize });
    for await (const plain of decryptAttachment(
      fetchBlob(session, info.id, blobSize, progress),
      reference,
    )) {
      await file.write(plain);
    }
    await file.sync();
    await file.close();
    closed = true;
    if (target.overwrite) {
      await rename(temporary, destination);
    } else {
      // Never replaces a file that appeared meanwhile: link fails if the name is taken.
      await link(temporary, destination).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        throw new ClientError(ClientErrorCode.FileExists, `${destination} exists`);
      });
      await unlink(temporary);
    }
    return destination;
  } catch (error) {
    if (!closed) await file.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** The blob's bytes in order; after a dropped connection, the rest with a Range request. */
async function* fetchBlob(
  session: Session,
  id: string,
  blobSize: number,
  onProgress: (received: number) => void,
): AsyncGenerator<Uint8Array> {
  let received = 0;
  let failures = 0;
  while (received < blobSize) {
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await session.accessToken()}`,
      };
      if (received > 0) headers.range = `bytes=${received}-`;
      let response: Response;
      try {
        response = await fetch(`${session.serverUrl}/attachments/${encodeURIComponent(id)}`, {
          headers,
        });
      } catch (error) {
        throw new TransportError(
          `cannot reach ${session.serverUrl}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (response.status !== (received > 0 ? 206 : 200)) throw await refusal(response);
      if (!response.body) throw new TransportError('the download has no body');
      for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
        const room = blobSize - received;
        // More than the blob should hold: hand it on, and decryption refuses it.
        received += piece.length;
        failures = 0;
        onProgress(Math.min(received, blobSize));
        yield piece;
        if (piece.length > room) return;
      }
      // The server sent all it has: if that is short, decryption says so (truncated).
      return;
    } catch (error) {
      if (!transient(error) || failures >= RETRY_DELAYS_MS.length) throw error;
      await sleep(RETRY_DELAYS_MS[failures++]);
    }
  }
}

async function refusal(response: Response): Promise<Error> {
  const answer = (await response.json().catch(() => null)) as {
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  } | null;
  const first = answer?.errors?.[0];
  const { code, ...details } = first?.extensions ?? {};
  return new ApiError(
    first?.message ?? `the server answered ${response.status}`,
    typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
    details,
    response.status,
  );
}
