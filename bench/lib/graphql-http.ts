import http from 'node:http';
import type { GraphQLFormattedError } from 'graphql';

export interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/**
 * GraphQL over HTTP with keep-alive connections (at most `maxSockets` open;
 * further requests wait in the agent, and that wait counts in their latency).
 */
export class GraphqlHttp {
  private readonly agent: http.Agent;
  private readonly endpoint: URL;

  constructor(baseUrl: string, maxSockets = 64) {
    this.endpoint = new URL('/graphql', baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /**
   * One POST. A keep-alive socket the server closed just as it was reused
   * (ECONNRESET before any answer) is retried once on a new one, as HTTP
   * clients do; the operations sent here are idempotent.
   */
  async request<T>(query: string, variables: object, token?: string): Promise<GraphqlAnswer<T>> {
    try {
      return await this.post<T>(query, variables, token);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ECONNRESET' && code !== 'EPIPE') throw error;
      return this.post<T>(query, variables, token);
    }
  }

  private post<T>(query: string, variables: object, token?: string): Promise<GraphqlAnswer<T>> {
    const body = JSON.stringify({ query, variables });
    return new Promise((resolve, reject) => {
      const request = http.request(
        this.endpoint,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString()) as GraphqlAnswer<T>);
            } catch {
              reject(new Error(`HTTP ${response.statusCode}: not JSON`));
            }
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /** The data of a request that must succeed. */
  async query<T>(query: string, variables: object = {}, token?: string): Promise<T> {
    const answer = await this.request<T>(query, variables, token);
    if (answer.errors?.length || !answer.data) {
      const first = answer.errors?.[0];
      throw new Error(
        `GraphQL error ${String(first?.extensions?.code)}: ${first?.message ?? 'no data'}`,
      );
    }
    return answer.data;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` over `items` with at most `concurrency` at once. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}
