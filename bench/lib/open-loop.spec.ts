import { dueAtMs, dueSends, runOpenLoop, sendsInStep } from './open-loop';

describe('open-loop scheduling', () => {
  it('spaces sends evenly by the clock', () => {
    expect(dueAtMs(0, 50)).toBe(0);
    expect(dueAtMs(1, 50)).toBe(20);
    expect(dueAtMs(50, 50)).toBe(1000);
  });

  it('counts the sends of a step', () => {
    expect(sendsInStep(4000 / 56, 25_000)).toBe(1786);
    expect(sendsInStep(0.01, 1_000)).toBe(1);
  });

  it('starts every send that is due, and none that is not, whatever is still unanswered', () => {
    expect(dueSends(0, 0, 10, 100)).toEqual([0]);
    expect(dueSends(1, 350, 10, 100)).toEqual([1, 2, 3]);
    expect(dueSends(4, 350, 10, 100)).toEqual([]);
    expect(dueSends(98, 60_000, 10, 100)).toEqual([98, 99]);
  });

  it('runs the sends at their due times without waiting for them to finish', async () => {
    const started: number[] = [];
    const { startedAt } = await runOpenLoop(5, 100, (index, dueAt) => {
      started.push(index);
      expect(performance.now()).toBeGreaterThanOrEqual(dueAt - 1);
    });
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(39);
  });
});
