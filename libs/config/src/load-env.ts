import { z } from 'zod';

/** A configuration problem, worded as one line that names the variable and never its value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment against a schema. Values are never echoed: some
 * variables (database and Redis URLs) carry passwords.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  // An empty variable means "not set", so `PORT=` falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue.path.join('.') || 'environment';
  const reason = present[variable] === undefined ? 'is required' : issue.message;
  throw new ConfigError(`Invalid configuration: ${variable} ${reason}`);
}
