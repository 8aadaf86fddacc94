import path from 'node:path';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { AppConfig } from '@fpn/config';
import { DomainError, ErrorCode } from '@fpn/core';
import type { HashTask, VerifyResult, VerifyTask } from './password-hash.worker';

/** How long a hashing thread waits for work before it ends and gives its memory back. */
const IDLE_MS = 30_000;

/** Under jest the sources run as TypeScript; worker threads need the compiled file. */
function workerFile(): string {
  const name = 'password-hash.worker.js';
  return __filename.endsWith('.ts')
    ? path.resolve(__dirname, '../../../../dist/libs/identity/src/passwords', name)
    : path.join(__dirname, name);
}

/**
 * Argon2id in a bounded pool of worker threads. When every thread is busy and
 * the queue is full, callers get RATE_LIMITED at once: a flood of logins
 * cannot stall the API. A thread keeps the memory of the largest hash it
 * computed (libsodium's WebAssembly memory only grows: 64 MiB by default,
 * ~80 MB of the process's resident memory a thread), and sign-ins come in
 * bursts, so no thread is kept once they stop for `IDLE_MS`: the next
 * sign-in starts one (~0.3 s more, once).
 */
@Injectable()
export class PasswordHasher implements OnApplicationShutdown {
  private readonly pool: Piscina;
  /** How many hashes this process has computed (tests assert none were spent on refused requests). */
  computed = 0;

  constructor(private readonly config: AppConfig) {
    const { threads, queue } = config.passwords;
    this.pool = new Piscina({
      filename: workerFile(),
      minThreads: 0,
      maxThreads: threads,
      maxQueue: queue,
      idleTimeout: IDLE_MS,
    });
  }

  async hash(password: string): Promise<string> {
    const task: HashTask = { op: 'hash', password, ...this.limits() };
    return (await this.run(task)) as string;
  }

  async verify(hash: string, password: string): Promise<VerifyResult> {
    const task: VerifyTask = { op: 'verify', password, hash, ...this.limits() };
    return (await this.run(task)) as VerifyResult;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }

  private limits() {
    return { passes: this.config.passwords.passes, memoryKib: this.config.passwords.memoryKib };
  }

  private async run(task: HashTask | VerifyTask) {
    if (this.pool.queueSize >= this.config.passwords.queue) {
      throw new DomainError(
        ErrorCode.RateLimited,
        'Too many sign-in attempts right now; try again shortly',
      );
    }
    this.computed += 1;
    try {
      return await this.pool.run(task);
    } catch (error) {
      if ((error as Error).message.includes('Task queue is at limit')) {
        throw new DomainError(
          ErrorCode.RateLimited,
          'Too many sign-in attempts right now; try again shortly',
        );
      }
      throw error;
    }
  }
}
