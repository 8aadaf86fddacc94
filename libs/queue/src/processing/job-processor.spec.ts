import { assertOneProcessorPerQueue } from './job-processor';
import { QueueName } from '../queue-names';

describe('assertOneProcessorPerQueue', () => {
  const queues = [QueueName.Maintenance];

  it('accepts exactly one processor per queue', () => {
    expect(() =>
      assertOneProcessorPerQueue(queues, [
        { queue: QueueName.Maintenance, name: 'SweepProcessor' },
      ]),
    ).not.toThrow();
  });

  it('refuses a queue without a processor', () => {
    expect(() => assertOneProcessorPerQueue(queues, [])).toThrow(
      'Worker cannot start: queue "maintenance" has no processor',
    );
  });

  it('refuses a queue with two processors and names both', () => {
    expect(() =>
      assertOneProcessorPerQueue(queues, [
        { queue: QueueName.Maintenance, name: 'A' },
        { queue: QueueName.Maintenance, name: 'B' },
      ]),
    ).toThrow('queue "maintenance" has 2 processors (A, B)');
  });

  it('refuses a processor of a queue nobody declared', () => {
    expect(() =>
      assertOneProcessorPerQueue(queues, [
        { queue: QueueName.Maintenance, name: 'A' },
        { queue: 'ghost' as QueueName, name: 'Ghost' },
      ]),
    ).toThrow('Ghost processes unknown queue "ghost"');
  });
});
