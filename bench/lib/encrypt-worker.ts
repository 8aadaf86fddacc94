import { parentPort } from 'node:worker_threads';
import {
  type DeviceKeys,
  encryptEnvelope,
  envelopeToJson,
  initCrypto,
  type VisibleMetadata,
} from '@fpn/crypto';

/** One batch of envelopes to build: the same sender and recipients, one id pair each. */
export interface EncryptRequest {
  requestId: number;
  sender: DeviceKeys;
  recipients: { deviceId: string; encryptionPublicKey: Uint8Array }[];
  metadata: VisibleMetadata;
  body: Uint8Array;
  ids: { messageId: string; threadId: string }[];
}

const ready = initCrypto();

parentPort?.on('message', (request: EncryptRequest) => {
  void ready.then(() => {
    const envelopes = request.ids.map((ids) =>
      JSON.stringify(
        envelopeToJson(
          encryptEnvelope({
            sender: request.sender,
            recipients: request.recipients,
            body: request.body,
            metadata: request.metadata,
            ids,
          }),
        ),
      ),
    );
    parentPort!.postMessage({ requestId: request.requestId, envelopes });
  });
});
