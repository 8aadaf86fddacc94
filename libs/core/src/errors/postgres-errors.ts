/** What node-postgres reports of a refused statement (TypeORM keeps it as `driverError`). */
interface PostgresErrorFields {
  code?: string;
  constraint?: string;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Whether PostgreSQL refused a row for a unique constraint (any, or the one
 * named): the index deciding a race that a check above let through.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const fields = (error as { driverError?: PostgresErrorFields } | null)?.driverError;
  return (
    fields?.code === UNIQUE_VIOLATION &&
    (constraint === undefined || fields.constraint === constraint)
  );
}
