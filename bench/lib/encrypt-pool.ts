import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EncryptRequest } from './encrypt-worker';

type Pending = { resolve: (envelopes: string[]) => void; reject: (error: Error) => void };

/**
 * Builds envelopes with the real protocol code (libs/crypto encryptEnvelope:
 * a content key per message, sealed for each recipient device, signed by the
 * sender device) on worker threads, one per core, before any timed phase.
 */
export class EncryptPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private requests = 0;

  constructor(threads = os.availableParallelism()) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const worker = new Worker(path.join(__dirname, 'encrypt-worker.js'));
      worker.on(
        'message',
        ({ requestId, envelopes }: { requestId: number; envelopes: string[] }) => {
          this.pending.get(requestId)?.resolve(envelopes);
          this.pending.delete(requestId);
        },
      );
      worker.on('error', (error) => {
        for (const pending of this.pending.values()) pending.reject(error);
        this.pending.clear();
      });
      return worker;
    });
  }

  /** The envelopes (canonical JSON strings), in the order of `request.ids`. */
  encrypt(request: Omit<EncryptRequest, 'requestId'>): Promise<string[]> {
    const requestId = ++this.requests;
    const worker = this.workers[requestId % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      worker.postMessage({ ...request, requestId });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
