import type { QueueJob, QueueName } from '@fpn/queue';
import { DeliveryFailures, failureCode } from './delivery-failures.service';
import type { MessageFanOut } from './message-fan-out.service';
import { MessagesProcessor } from './messages.processor';

const job = (attemptsMade: number, attempts = 3) =>
  ({
    name: 'fan-out',
    data: { messageId: 'message-1' },
    attemptsMade,
    opts: { attempts },
  }) as unknown as QueueJob<QueueName.Messages>;

describe('MessagesProcessor', () => {
  const failing = { fanOut: jest.fn().mockRejectedValue(new Error('down')) };
  const failures = { markFailed: jest.fn().mockResolvedValue(undefined) };
  const processor = new MessagesProcessor(
    failing as unknown as MessageFanOut,
    failures as unknown as DeliveryFailures,
  );

  beforeEach(() => failures.markFailed.mockClear());

  it('lets BullMQ retry while attempts remain, keeping the outbox row pending', async () => {
    await expect(processor.process(job(0))).rejects.toThrow('down');
    await expect(processor.process(job(1))).rejects.toThrow('down');
    expect(failures.markFailed).not.toHaveBeenCalled();
  });

  it('marks the message failed on the last attempt, then fails the job', async () => {
    await expect(processor.process(job(2))).rejects.toThrow('down');
    expect(failures.markFailed).toHaveBeenCalledWith('message-1', expect.any(Error));
  });

  it('answers how many devices a published message named', async () => {
    const working = new MessagesProcessor(
      { fanOut: jest.fn().mockResolvedValue(56) } as unknown as MessageFanOut,
      failures as unknown as DeliveryFailures,
    );
    expect(await working.process(job(0))).toBe(56);
  });
});

describe('failureCode', () => {
  it('keeps a code or a class name, never a message', () => {
    expect(failureCode(Object.assign(new Error('secret text'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED',
    );
    expect(failureCode(new TypeError('secret text'))).toBe('TypeError');
    expect(failureCode({ code: 'has spaces and text' })).toBe('Error');
    expect(failureCode(undefined)).toBe('Error');
  });
});
