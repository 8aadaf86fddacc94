import { SetMetadata } from '@nestjs/common';

export const DEADLINE_SWEEPER = Symbol('fpn:deadline-sweeper');

/**
 * Deadline work (reminders, staleness, escalation, procedure deadlines): each
 * sweeper selects the rows that are due at `now` from PostgreSQL and acts on
 * them idempotently. BullMQ delays follow the wall clock, so they never carry a
 * business deadline; the injected clock does.
 */
export interface Sweeper {
  /** Returns how many rows it acted on. */
  sweep(now: Date): Promise<number>;
}

/** Registers a provider with the sweep runner. */
export const DeadlineSweeper = () => SetMetadata(DEADLINE_SWEEPER, true);
