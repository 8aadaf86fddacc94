import { assertLength, bytesEqual, fromBase64Url, toBase64Url } from '../encoding/bytes';
import { expectObject } from '../encoding/json';
import { CryptoError, CryptoErrorCode } from '../errors';
import type { StateAddress } from 'libsodium-wrappers-sumo';

import { sodium } from '../sodium';

/** Plaintext bytes per secretstream message; every chunk but the last is exactly this long. */
export const ATTACHMENT_CHUNK_BYTES = 64 * 1024;
export const ATTACHMENT_KEY_BYTES = 32;
export const ATTACHMENT_HEADER_BYTES = 24;
/** Per-chunk overhead: 1 encrypted tag byte + 16-byte MAC. */
export const ATTACHMENT_CHUNK_OVERHEAD = 17;
export const ATTACHMENT_HASH_BYTES = 32;
const CIPHER_CHUNK_BYTES = ATTACHMENT_CHUNK_BYTES + ATTACHMENT_CHUNK_OVERHEAD;
const TAG_MESSAGE = (): number => sodium().crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
const TAG_FINAL = (): number => sodium().crypto_secretstream_xchacha20poly1305_TAG_FINAL;

/**
 * What the sender puts inside the encrypted message body for each attachment:
 * the stream key, BLAKE2b-256 of the whole ciphertext blob (header and every
 * chunk, as stored by the server) and the plaintext size.
 */
export interface AttachmentReference {
  key: Uint8Array;
  ciphertextHash: Uint8Array;
  size: number;
}

export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Encrypts a stream of any-sized pieces into the blob: the 24-byte header,
 * then secretstream chunks of ATTACHMENT_CHUNK_BYTES plaintext, the last one
 * (possibly empty, if the input is empty) tagged FINAL.
 */
export class AttachmentEncryptor {
  readonly key: Uint8Array;
  private done: AttachmentReference | undefined;

  constructor() {
    this.key = sodium().crypto_secretstream_xchacha20poly1305_keygen();
  }

  async *encrypt(source: ByteSource): AsyncGenerator<Uint8Array, void, undefined> {
    const s = sodium();
    const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(this.key);
    const hash = s.crypto_generichash_init(null, ATTACHMENT_HASH_BYTES);
    const emit = (bytes: Uint8Array): Uint8Array => {
      s.crypto_generichash_update(hash, bytes);
      return bytes;
    };
    yield emit(header);
    const chunk = new Uint8Array(ATTACHMENT_CHUNK_BYTES);
    let fill = 0;
    let size = 0;
    for await (const piece of source) {
      size += piece.length;
      for (let offset = 0; offset < piece.length;) {
        // A full chunk waits for more input: only the end of input tells which chunk is final.
        if (fill === chunk.length) {
          yield emit(
            s.crypto_secretstream_xchacha20poly1305_push(state, chunk, null, TAG_MESSAGE()),
          );
          fill = 0;
        }
        const n = Math.min(chunk.length - fill, piece.length - offset);
        chunk.set(piece.subarray(offset, offset + n), fill);
        fill += n;
        offset += n;
      }
    }
    yield emit(
      s.crypto_secretstream_xchacha20poly1305_push(
        state,
        chunk.subarray(0, fill),
        null,
        TAG_FINAL(),
      ),
    );
    this.done = {
      key: this.key,
      ciphertextHash: s.crypto_generichash_final(hash, ATTACHMENT_HASH_BYTES),
      size,
    };
  }

  /** Available once encrypt() has been read to the end. */
  reference(): AttachmentReference {
    if (!this.done) {
      throw new CryptoError(
        CryptoErrorCode.TruncatedStream,
        'the attachment has not been fully encrypted',
      );
    }
    return this.done;
  }
}

/**
 * Decrypts a blob arriving in any-sized pieces. Each chunk is authenticated
 * and ordered by secretstream, so a changed, dropped or reordered chunk fails
 * at that chunk; a blob without its FINAL chunk, with bytes after it, of the
 * wrong size or with another hash fails at the end. Plaintext is yielded as
 * it is verified: a caller must discard it unless the iteration completes.
 */
export async function* decryptAttachment(
  source: ByteSource,
  reference: AttachmentReference,
): AsyncGenerator<Uint8Array, void, undefined> {
  const s = sodium();
  assertLength(reference.key, ATTACHMENT_KEY_BYTES, 'attachment key');
  assertLength(reference.ciphertextHash, ATTACHMENT_HASH_BYTES, 'attachment ciphertextHash');
  const hash = s.crypto_generichash_init(null, ATTACHMENT_HASH_BYTES);
  let state: StateAddress | undefined;
  let finished = false;
  let size = 0;

  const pull = (st: StateAddress, cipher: Uint8Array): Uint8Array => {
    if (finished)
      throw new CryptoError(CryptoErrorCode.DecryptionFailed, 'data after the final chunk');
    let result: { message: Uint8Array; tag: number } | false;
    try {
      result = s.crypto_secretstream_xchacha20poly1305_pull(st, cipher, null);
    } catch {
      result = false;
    }
    if (!result)
      throw new CryptoError(
        CryptoErrorCode.DecryptionFailed,
        'an attachment chunk does not decrypt',
      );
    if (result.tag === TAG_FINAL()) {
      finished = true;
    } else if (result.tag !== TAG_MESSAGE() || cipher.length !== CIPHER_CHUNK_BYTES) {
      throw new CryptoError(CryptoErrorCode.DecryptionFailed, 'unexpected chunk tag or size');
    }
    size += result.message.length;
    return result.message;
  };

  const header = new Uint8Array(ATTACHMENT_HEADER_BYTES);
  let headerFill = 0;
  const unit = new Uint8Array(CIPHER_CHUNK_BYTES);
  let fill = 0;
  for await (const piece of source) {
    s.crypto_generichash_update(hash, piece);
    let offset = 0;
    if (state === undefined) {
      const n = Math.min(header.length - headerFill, piece.length);
      header.set(piece.subarray(0, n), headerFill);
      headerFill += n;
      offset = n;
      if (headerFill < header.length) continue;
      state = s.crypto_secretstream_xchacha20poly1305_init_pull(header, reference.key);
    }
    while (offset < piece.length) {
      if (fill === unit.length) {
        yield pull(state, unit);
        fill = 0;
      }
      const n = Math.min(unit.length - fill, piece.length - offset);
      unit.set(piece.subarray(offset, offset + n), fill);
      fill += n;
      offset += n;
    }
  }
  if (state === undefined) {
    throw new CryptoError(CryptoErrorCode.TruncatedStream, 'the attachment has no header');
  }
  if (fill > 0) yield pull(state, unit.subarray(0, fill));
  if (!finished)
    throw new CryptoError(
      CryptoErrorCode.TruncatedStream,
      'the attachment ends before its final chunk',
    );
  if (size !== reference.size) {
    throw new CryptoError(
      CryptoErrorCode.HashMismatch,
      'the attachment is not the size the message states',
    );
  }
  if (
    !bytesEqual(s.crypto_generichash_final(hash, ATTACHMENT_HASH_BYTES), reference.ciphertextHash)
  ) {
    throw new CryptoError(
      CryptoErrorCode.HashMismatch,
      'the attachment is not the one the message refers to',
    );
  }
}

/** BLAKE2b-256 of a whole stored blob: lets anyone holding a reference check a download before decrypting. */
export function attachmentCiphertextHash(blob: Uint8Array): Uint8Array {
  return sodium().crypto_generichash(ATTACHMENT_HASH_BYTES, blob, null);
}

/** The blob's size for a given plaintext size (for upload limits and pre-checks). */
export function attachmentCiphertextSize(plaintextSize: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextSize / ATTACHMENT_CHUNK_BYTES));
  return ATTACHMENT_HEADER_BYTES + plaintextSize + chunks * ATTACHMENT_CHUNK_OVERHEAD;
}

export interface AttachmentReferenceJson {
  key: string;
  ciphertextHash: string;
  size: number;
}

export function attachmentReferenceToJson(reference: AttachmentReference): AttachmentReferenceJson {
  return {
    key: toBase64Url(reference.key),
    ciphertextHash: toBase64Url(reference.ciphertextHash),
    size: reference.size,
  };
}

export function parseAttachmentReference(json: unknown): AttachmentReference {
  const o = expectObject(json, 'attachment reference', ['key', 'ciphertextHash', 'size']);
  if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0) {
    throw new CryptoError(
      CryptoErrorCode.InvalidField,
      'attachment size must be a non-negative integer',
    );
  }
  return {
    key: fromBase64Url(o.key, 'attachment key', ATTACHMENT_KEY_BYTES),
    ciphertextHash: fromBase64Url(
      o.ciphertextHash,
      'attachment ciphertextHash',
      ATTACHMENT_HASH_BYTES,
    ),
    size: o.size,
  };
}
