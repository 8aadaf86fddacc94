import { syntheticId } from './synthetic-directory';
import { feminine } from './synthetic-names';
import { STATE_PROFILES } from './synthetic-states';

describe('synthetic directory', () => {
  it('gives the i-th row the same UUID on every run, and different rows different ones', () => {
    const id = syntheticId('seed', 'focal-point', 1);
    expect(id).toBe(syntheticId('seed', 'focal-point', 1));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(syntheticId('seed', 'focal-point', 2)).not.toBe(id);
    expect(syntheticId('other', 'focal-point', 1)).not.toBe(id);
  });

  it('knows all 28 member states of the seed roster', () => {
    expect(Object.keys(STATE_PROFILES)).toHaveLength(28);
    for (const profile of Object.values(STATE_PROFILES)) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: profile.timeZone })).not.toThrow();
    }
  });

  it('gives Russian-style surnames their feminine form', () => {
    expect(feminine('Иванов')).toBe('Иванова');
    expect(feminine('Цой')).toBe('Цой');
  });
});
