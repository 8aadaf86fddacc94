import { isUniqueViolation } from './postgres-errors';

describe('isUniqueViolation', () => {
  const refused = (code: string, constraint?: string) => ({ driverError: { code, constraint } });

  it('knows a unique violation, of any constraint or of the one named', () => {
    expect(isUniqueViolation(refused('23505', 'message_pk'))).toBe(true);
    expect(isUniqueViolation(refused('23505', 'message_pk'), 'message_pk')).toBe(true);
    expect(isUniqueViolation(refused('23505', 'thread_pk'), 'message_pk')).toBe(false);
  });

  it('is false for other refusals and for what is not a database error', () => {
    expect(isUniqueViolation(refused('23503', 'message_pk'))).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
