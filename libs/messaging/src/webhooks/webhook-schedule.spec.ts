import { webhookBackoffMs, webhookJobId } from './webhook-schedule';

describe('webhook retry schedule', () => {
  it('doubles from the base and is capped at an hour', () => {
    expect([1, 2, 3, 4].map((attempt) => webhookBackoffMs(attempt, 30))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(webhookBackoffMs(8, 30)).toBe(3_600_000);
    expect(webhookBackoffMs(40, 30)).toBe(3_600_000);
    expect(webhookBackoffMs(1, 3600)).toBe(3_600_000);
  });

  it('names one job per attempt, never all digits', () => {
    expect(webhookJobId('12', 3)).toBe('webhook-12-3');
  });
});
