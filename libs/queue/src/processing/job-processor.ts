import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobName, QueueJobs, QueueName } from '../queue-names';

export const JOB_PROCESSOR = Symbol('fpn:job-processor');

/** A job of one queue: its name and payload come from `QueueJobs`. */
export type QueueJob<Q extends QueueName> = {
  [N in JobName<Q>]: Job<QueueJobs[Q][N], unknown, N>;
}[JobName<Q>];

/** Handles every job of one queue. Keep it thin: it calls a service. */
export interface JobProcessor<Q extends QueueName> {
  process(job: QueueJob<Q>): Promise<unknown>;
}

/** Marks a provider as the processor of a queue; the worker discovers it at boot. */
export const ProcessesQueue = (queue: QueueName) => SetMetadata(JOB_PROCESSOR, queue);

export interface DiscoveredProcessor {
  queue: QueueName;
  name: string;
}

/**
 * Every queue must have exactly one processor: a queue without one would fill
 * up silently, and two would split its jobs unpredictably.
 */
export function assertOneProcessorPerQueue(
  queues: readonly QueueName[],
  found: readonly DiscoveredProcessor[],
): void {
  const problems: string[] = [];
  for (const queue of queues) {
    const names = found.filter((processor) => processor.queue === queue).map((p) => p.name);
    if (names.length === 0) problems.push(`queue "${queue}" has no processor`);
    if (names.length > 1)
      problems.push(
        `queue "${queue}" has ${names.length} processors (${[...names].sort().join(', ')})`,
      );
  }
  for (const processor of found) {
    if (!queues.includes(processor.queue)) {
      problems.push(`${processor.name} processes unknown queue "${processor.queue}"`);
    }
  }
  if (problems.length > 0) throw new Error(`Worker cannot start: ${problems.join('; ')}`);
}
