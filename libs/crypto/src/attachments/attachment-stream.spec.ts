import { concatBytes } from '../encoding/bytes';
import { CryptoErrorCode } from '../errors';
import { initCrypto, sodium } from '../sodium';
import {
  ATTACHMENT_CHUNK_BYTES,
  ATTACHMENT_CHUNK_OVERHEAD,
  ATTACHMENT_HEADER_BYTES,
  AttachmentEncryptor,
  attachmentCiphertextHash,
  attachmentCiphertextSize,
  attachmentReferenceToJson,
  decryptAttachment,
  parseAttachmentReference,
  type AttachmentReference,
  type ByteSource,
} from './attachment-stream';

const CIPHER_CHUNK = ATTACHMENT_CHUNK_BYTES + ATTACHMENT_CHUNK_OVERHEAD;

/** jest's toEqual walks typed arrays element by element: far too slow for megabytes. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(sodium().memcmp(actual, expected)).toBe(true);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return concatBytes(...parts);
}

/** Splits bytes into pieces of varying sizes, as a network stream would. */
function* pieces(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function encrypt(
  plaintext: Uint8Array,
): Promise<{ blob: Uint8Array; reference: AttachmentReference }> {
  const encryptor = new AttachmentEncryptor();
  const blob = await collect(encryptor.encrypt(pieces(plaintext, 10_000)));
  return { blob, reference: encryptor.reference() };
}

async function expectRejected(
  source: ByteSource,
  reference: AttachmentReference,
  code: CryptoErrorCode,
) {
  await expect(collect(decryptAttachment(source, reference))).rejects.toMatchObject({ code });
}

describe('attachment stream', () => {
  let plaintext: Uint8Array;
  let blob: Uint8Array;
  let reference: AttachmentReference;

  beforeAll(async () => {
    await initCrypto();
    plaintext = sodium().randombytes_buf(3 * ATTACHMENT_CHUNK_BYTES + 1234);
    ({ blob, reference } = await encrypt(plaintext));
  });

  it('round-trips whatever size the pieces arrive in, and records size and hash', async () => {
    expect(blob.length).toBe(attachmentCiphertextSize(plaintext.length));
    expect(reference.size).toBe(plaintext.length);
    expect(reference.ciphertextHash).toEqual(attachmentCiphertextHash(blob));
    for (const size of [1_000, 65_553, 200_000]) {
      expectSameBytes(await collect(decryptAttachment(pieces(blob, size), reference)), plaintext);
    }
    expect(
      parseAttachmentReference(JSON.parse(JSON.stringify(attachmentReferenceToJson(reference)))),
    ).toEqual(reference);
  });

  it('handles empty input and an exact multiple of the chunk size', async () => {
    for (const length of [0, ATTACHMENT_CHUNK_BYTES, 2 * ATTACHMENT_CHUNK_BYTES]) {
      const data = sodium().randombytes_buf(length);
      const encrypted = await encrypt(data);
      expect(encrypted.blob.length).toBe(attachmentCiphertextSize(length));
      expectSameBytes(
        await collect(decryptAttachment([encrypted.blob], encrypted.reference)),
        data,
      );
    }
  });

  it('rejects a stream truncated at a chunk boundary (no final tag) or inside a chunk', async () => {
    const cut = ATTACHMENT_HEADER_BYTES + 3 * CIPHER_CHUNK;
    await expectRejected([blob.slice(0, cut)], reference, CryptoErrorCode.TruncatedStream);
    await expectRejected([blob.slice(0, cut - 100)], reference, CryptoErrorCode.DecryptionFailed);
    await expectRejected([blob.slice(0, 10)], reference, CryptoErrorCode.TruncatedStream);
  });

  it('rejects a reordered, dropped or altered chunk and bytes after the end', async () => {
    const header = blob.subarray(0, ATTACHMENT_HEADER_BYTES);
    const chunk = (i: number) =>
      blob.subarray(
        ATTACHMENT_HEADER_BYTES + i * CIPHER_CHUNK,
        ATTACHMENT_HEADER_BYTES + (i + 1) * CIPHER_CHUNK,
      );
    const last = blob.subarray(ATTACHMENT_HEADER_BYTES + 3 * CIPHER_CHUNK);
    await expectRejected(
      [header, chunk(1), chunk(0), chunk(2), last],
      reference,
      CryptoErrorCode.DecryptionFailed,
    );
    await expectRejected(
      [header, chunk(0), chunk(2), last],
      reference,
      CryptoErrorCode.DecryptionFailed,
    );
    const altered = blob.slice();
    altered[ATTACHMENT_HEADER_BYTES + CIPHER_CHUNK + 5] ^= 1;
    await expectRejected([altered], reference, CryptoErrorCode.DecryptionFailed);
    await expectRejected([blob, Uint8Array.of(0)], reference, CryptoErrorCode.DecryptionFailed);
  });

  it('rejects another blob under the same key, the wrong key, or a size mismatch', async () => {
    await expectRejected(
      [blob],
      { ...reference, ciphertextHash: new Uint8Array(32) },
      CryptoErrorCode.HashMismatch,
    );
    await expectRejected(
      [blob],
      { ...reference, size: reference.size + 1 },
      CryptoErrorCode.HashMismatch,
    );
    await expectRejected(
      [blob],
      { ...reference, key: new Uint8Array(32) },
      CryptoErrorCode.DecryptionFailed,
    );
  });
});
