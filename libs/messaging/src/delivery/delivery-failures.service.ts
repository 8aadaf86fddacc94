import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@fpn/core';
import { DataSource } from 'typeorm';

/** An error as it may be stored: a code or class name, never a message (it could quote data). */
export function failureCode(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return code;
  if (typeof name === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(name)) return name;
  return 'Error';
}

/** Marks a message whose fan-out exhausted its attempts: counted and retryable by operators. */
@Injectable()
export class DeliveryFailures {
  private readonly logger = new Logger(DeliveryFailures.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async markFailed(messageId: string, error: unknown): Promise<void> {
    const code = failureCode(error);
    await this.dataSource.query(
      `UPDATE message_outbox SET status = 'failed', failed_at = $2, last_error = $3
        WHERE message_id = $1 AND status = 'pending'`,
      [messageId, this.clock.now(), code],
    );
    this.logger.warn({ messageId, err: code }, 'message fan-out gave up; kept as failed');
  }
}
