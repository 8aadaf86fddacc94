import { LatencyRecorder } from './latency';

describe('LatencyRecorder', () => {
  it('reports percentiles in milliseconds', () => {
    const latency = new LatencyRecorder();
    for (let ms = 1; ms <= 100; ms++) latency.recordMs(ms);
    const summary = latency.summary();
    expect(summary.count).toBe(100);
    expect(summary.p50).toBeCloseTo(50, 0);
    expect(summary.p99).toBeCloseTo(99, 0);
    expect(summary.max).toBeCloseTo(100, 0);
  });

  it('is all zero when nothing was recorded', () => {
    expect(new LatencyRecorder().summary()).toEqual({
      count: 0,
      p50: 0,
      p95: 0,
      p99: 0,
      max: 0,
      mean: 0,
    });
  });
});
