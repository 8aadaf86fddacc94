import { placeOf, summarise } from './profile-summary';

describe('profile summary', () => {
  it('names a package, a file of ours or a built-in', () => {
    expect(placeOf('file:///w/node_modules/typeorm/query-builder/x.js')).toBe('typeorm');
    expect(placeOf('file:///w/node_modules/@apollo/server/dist/x.js')).toBe('@apollo/server');
    expect(placeOf('file:///w/dist/libs/messaging/src/a.js')).toBe('libs/messaging/src/a.js');
    expect(placeOf('node:events')).toBe('node:events');
    expect(placeOf('')).toBe('(native)');
  });

  it('adds self time by function and by place', () => {
    const summary = summarise({
      nodes: [
        { id: 1, callFrame: { functionName: 'a', url: 'node:events', lineNumber: 0 } },
        { id: 2, callFrame: { functionName: 'b', url: '', lineNumber: -1 } },
      ],
      samples: [1, 1, 2, 1],
      timeDeltas: [1000, 1000, 2000, 1000],
    });
    expect(summary.totalMs).toBe(5);
    expect(summary.places[0]).toEqual({ name: 'node:events', ms: 3, share: 60 });
    expect(summary.functions[1]).toEqual({ name: 'b (native)', ms: 2, share: 40 });
  });
});
