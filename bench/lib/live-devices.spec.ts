import { cursorPosition } from './live-devices';

describe('cursorPosition', () => {
  it('reads the delivery id of a delivery cursor', () => {
    expect(cursorPosition(Buffer.from('d:12345').toString('base64url'))).toBe(12345n);
  });

  it('orders cursors by delivery id, not as text', () => {
    const cursor = (id: number) => Buffer.from(`d:${id}`).toString('base64url');
    expect(cursorPosition(cursor(100)) > cursorPosition(cursor(99))).toBe(true);
  });

  it('gives 0 for anything else', () => {
    expect(cursorPosition(Buffer.from('m:5').toString('base64url'))).toBe(0n);
    expect(cursorPosition('garbage')).toBe(0n);
  });
});
