import { readFileSync } from 'node:fs';
import path from 'node:path';

import { decryptAttachment, parseAttachmentReference } from '../attachments/attachment-stream';
import { parseBackupKeyCertificate, restoreBackup } from '../backup/key-backup';
import { parseRecoveryKey } from '../backup/recovery-key';
import { concatBytes, fromBase64Url, fromUtf8 } from '../encoding/bytes';
import { openEnvelope, openEnvelopeWithContentKey, verifyEnvelope } from '../envelope/envelope';
import { parseEnvelope } from '../envelope/envelope-json';
import { CryptoError, CryptoErrorCode } from '../errors';
import { parseDeviceCertificate, verifyDeviceCertificate } from '../keys/device-certificate';
import { initCrypto, sodium } from '../sodium';
import { buildProtocolVectors, vectorDevice, type ProtocolVectors } from './protocol-vectors';

const vectorsFile = path.resolve(__dirname, '../../../../docs/protocol-vectors.json');

describe('protocol test vectors (docs/protocol-vectors.json)', () => {
  let vectors: ProtocolVectors;
  const key = (name: string, field: 'identityPublicKey') =>
    fromBase64Url(vectors.accounts.find((a) => a.name === name)?.[field], field, 32);
  const device = (id: string) => vectorDevice(id.replace(/^dev-/, ''));

  beforeAll(async () => {
    await initCrypto();
    vectors = JSON.parse(readFileSync(vectorsFile, 'utf8')) as ProtocolVectors;
  });

  it('are exactly what the implementation computes from the fixed seeds', () => {
    expect(buildProtocolVectors(vectors.attachment)).toEqual(vectors);
  });

  it('verify: device certificate, envelope signature, recipients open the body, others cannot', () => {
    verifyDeviceCertificate(
      parseDeviceCertificate(vectors.deviceCertificate.json),
      key('alice', 'identityPublicKey'),
    );
    const envelope = parseEnvelope(vectors.envelope.json);
    const sender = device(envelope.senderDeviceId);
    verifyEnvelope(envelope, sender.signing.publicKey);
    for (const recipient of envelope.recipients) {
      const opened = openEnvelope(envelope, device(recipient.deviceId), sender.signing.publicKey);
      expect(fromUtf8(opened.body)).toBe(vectors.envelope.bodyUtf8);
    }
    expect(() =>
      openEnvelope(
        envelope,
        device(vectors.envelope.nonRecipientDeviceId),
        sender.signing.publicKey,
      ),
    ).toThrow(expect.objectContaining({ code: CryptoErrorCode.NotARecipient }));
  });

  it('fail verification when any character of any envelope field changes', () => {
    const sender = device(vectors.envelope.json.senderDeviceId).signing.publicKey;
    let mutations = 0;
    const visit = (value: unknown, mutate: (replacement: unknown) => unknown) => {
      if (typeof value === 'string') {
        for (let i = 0; i < value.length; i++) {
          const replacement =
            value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
          const candidate = mutate(replacement);
          expect(() => verifyEnvelope(parseEnvelope(candidate), sender)).toThrow(CryptoError);
          mutations++;
        }
      } else if (typeof value === 'number') {
        expect(() => verifyEnvelope(parseEnvelope(mutate(value + 1)), sender)).toThrow(CryptoError);
        mutations++;
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          visit(v, (replacement) => {
            const copy = Array.isArray(value)
              ? [...(value as unknown[])]
              : { ...(value as object) };
            (copy as Record<string, unknown>)[k] = replacement;
            return mutate(copy);
          });
        }
      }
    };
    visit(vectors.envelope.json, (replacement) => replacement);
    expect(mutations).toBeGreaterThan(700);
  });

  it('restore: the recovery key text reopens the identity and the backed-up content key', () => {
    const restored = restoreBackup({
      certificate: parseBackupKeyCertificate(vectors.backup.certificate),
      expectedIdentityPublicKey: key('bob', 'identityPublicKey'),
      secret: { recoveryKey: parseRecoveryKey(vectors.backup.recoveryKeyText) },
      sealedIdentity: fromBase64Url(vectors.backup.sealedIdentity, 'sealedIdentity'),
      entries: vectors.backup.entries.map((e) => fromBase64Url(e.sealed, 'entry')),
    });
    expect(restored.unreadableEntries).toBe(0);
    const envelope = parseEnvelope(vectors.envelope.json);
    const sender = device(envelope.senderDeviceId).signing.publicKey;
    const body = openEnvelopeWithContentKey(envelope, restored.keys[0].contentKey, sender);
    expect(fromUtf8(body)).toBe(vectors.envelope.bodyUtf8);
  });

  it('attachment: the stored blob decrypts to the stated plaintext and hash', async () => {
    const blob = fromBase64Url(vectors.attachment.ciphertext, 'ciphertext');
    const parts: Uint8Array[] = [];
    for await (const part of decryptAttachment(
      [blob],
      parseAttachmentReference(vectors.attachment.reference),
    )) {
      parts.push(part);
    }
    expect(sodium().to_string(concatBytes(...parts))).toBe(vectors.attachment.plaintextUtf8);
  });
});
