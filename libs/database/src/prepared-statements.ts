import { Client, type QueryConfig } from 'pg';
import { PLANNED_EACH_CALL } from '@fpn/core';

/** How a connection keeps statements prepared (`preparingClient`). */
export interface PreparedStatementSettings {
  /** Statements kept prepared on one connection; past it, a new text is planned on every call. */
  maxPerConnection: number;
  /** Calls of a text on a connection before it is prepared (a one-off text never is). */
  preparedAfter: number;
}

export const PREPARED_STATEMENT_DEFAULTS: PreparedStatementSettings = {
  maxPerConnection: 256,
  preparedAfter: 2,
};

/**
 * PostgreSQL's "cached plan must not change result type": a prepared statement
 * whose tables changed shape under it (a migration while the app runs) fails
 * instead of being planned again.
 */
const RESULT_TYPE_CHANGED = '0A000';

type QueryCallback = (error: Error | null, result?: unknown) => void;
type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * A `pg` Client (the pool's `Client` option) that prepares the statements a
 * connection runs again and again: a parameterised text called
 * `preparedAfter` times on the connection is sent as a named statement from
 * then on, so PostgreSQL parses it once per connection and keeps its plan
 * (a generic plan once it judges one as good as planning each call — its
 * `plan_cache_mode` — else it still plans with the call's values). Texts
 * without parameters (transaction control, DDL, several statements in one)
 * and texts starting with `PLANNED_EACH_CALL` are sent as before.
 *
 * What a statement costs to plan was most of PostgreSQL's time for small
 * statements under load (docs/benchmarks.md, seventh round). A statement that
 * fails because its table changed shape is never prepared again on that
 * connection. Poolers in transaction mode (PgBouncer before 1.21) cannot keep
 * named statements: `DATABASE_PREPARED_STATEMENTS=false` turns this off.
 */
export function preparingClient(settings: PreparedStatementSettings): typeof Client {
  class PreparingClient extends Client {
    /** Text → the name it is prepared under on this connection. */
    private readonly prepared = new Map<string, string>();
    /** Calls so far of texts not prepared (yet). */
    private readonly calls = new Map<string, number>();
    private named = 0;
    /** Texts not to prepare on this connection again. */
    private readonly retired = new Set<string>();

    /** The statement name for a call of `text`, or undefined to send it unnamed. */
    statementName(text: string): string | undefined {
      const name = this.prepared.get(text);
      if (name) return name;
      if (this.named >= settings.maxPerConnection || this.retired.has(text)) return undefined;
      const calls = (this.calls.get(text) ?? 0) + 1;
      if (calls < settings.preparedAfter) {
        // Bounded: the counts start again when they fill up.
        if (this.calls.size >= settings.maxPerConnection * 4) this.calls.clear();
        this.calls.set(text, calls);
        return undefined;
      }
      this.calls.delete(text);
      const prepared = `fpn_${++this.named}`;
      this.prepared.set(text, prepared);
      return prepared;
    }

    /** Its prepared statement stays on the server unused; a name is never reused. */
    retire(text: string): void {
      this.prepared.delete(text);
      this.retired.add(text);
    }
  }

  const plainQuery = Client.prototype.query as QueryFn;
  (PreparingClient.prototype as unknown as { query: QueryFn }).query = function (
    this: PreparingClient,
    config: unknown,
    values?: unknown,
    callback?: unknown,
  ): unknown {
    if (
      typeof config !== 'string' ||
      !Array.isArray(values) ||
      values.length === 0 ||
      config.startsWith(PLANNED_EACH_CALL)
    ) {
      return plainQuery.call(this, config, values, callback);
    }
    const name = this.statementName(config);
    if (!name) return plainQuery.call(this, config, values, callback);
    const named: QueryConfig = { name, text: config, values };
    const retireOnShapeChange = (error: unknown) => {
      if ((error as { code?: string }).code === RESULT_TYPE_CHANGED) this.retire(config);
    };
    if (typeof callback === 'function') {
      return plainQuery.call(this, named, (error: Error | null, result?: unknown) => {
        if (error) retireOnShapeChange(error);
        (callback as QueryCallback)(error, result);
      });
    }
    return (plainQuery.call(this, named) as Promise<unknown>).catch((error: unknown) => {
      retireOnShapeChange(error);
      throw error;
    });
  };
  return PreparingClient;
}
