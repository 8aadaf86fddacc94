import path from 'node:path';

/**
 * An attachment as the message body carries it (docs/attachments.md): only
 * the addressed people read the name, type and key; the server sees an id and
 * a blob size.
 */
export interface AttachmentInfo {
  /** The upload's id on the server (GET /attachments/{id}). */
  id: string;
  /** The file's name as the sender gave it; a download uses `safeFileName` of it. */
  name: string;
  mediaType: string;
  /** Plaintext bytes. */
  size: number;
  /** The secretstream key, base64url. */
  key: string;
  /** BLAKE2b-256 of the encrypted blob, base64url. */
  ciphertextHash: string;
}

const MAX_NAME = 255;

/** Null unless `value` is an AttachmentInfo (a body with anything else is not understood). */
export function parseAttachmentInfo(value: unknown): AttachmentInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  if (
    typeof o.id !== 'string' ||
    typeof o.name !== 'string' ||
    o.name.length > MAX_NAME ||
    typeof o.mediaType !== 'string' ||
    typeof o.size !== 'number' ||
    !Number.isSafeInteger(o.size) ||
    o.size < 0 ||
    typeof o.key !== 'string' ||
    typeof o.ciphertextHash !== 'string'
  ) {
    return null;
  }
  return {
    id: o.id,
    name: o.name,
    mediaType: o.mediaType,
    size: o.size,
    key: o.key,
    ciphertextHash: o.ciphertextHash,
  };
}

/**
 * A name that is safe to create in a chosen folder: the sender chose it, so
 * no directory parts, no control characters, no `.`/`..`, no leading dot.
 */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f/:*?"<>|]/g, '_').replace(/^\.+/, '');
  return cleaned.slice(0, MAX_NAME) || 'attachment';
}
