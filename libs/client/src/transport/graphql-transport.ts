import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { ApiError, TransportError } from './api-error';

export type FetchFunction = typeof fetch;

interface GraphqlResponse<Result> {
  data?: Result | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const printed = new WeakMap<object, string>();

function source(document: object): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document as Parameters<typeof print>[0]);
    printed.set(document, text);
  }
  return text;
}

/** Strips a trailing slash and checks the scheme; the server's GraphQL endpoint is `<url>/graphql`. */
export function normalizeServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TransportError(`not a server URL: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TransportError(
      `the server URL must start with https:// (or http:// locally): ${url}`,
    );
  }
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * One GraphQL request at a time over HTTP POST (JSON, so the server's CSRF
 * protection lets it through). The first error of a failed answer becomes
 * an `ApiError`; a partial answer is treated as failed.
 */
export class GraphqlTransport {
  readonly serverUrl: string;
  private readonly fetch: FetchFunction;

  constructor(options: { serverUrl: string; fetch?: FetchFunction }) {
    this.serverUrl = normalizeServerUrl(options.serverUrl);
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async request<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
    accessToken?: string,
  ): Promise<Result> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    const body = JSON.stringify({ query: source(document), variables });
    let response: Response;
    try {
      response = await this.fetch(`${this.serverUrl}/graphql`, { method: 'POST', headers, body });
    } catch (error) {
      throw new TransportError(`cannot reach ${this.serverUrl}: ${describe(error)}`);
    }
    const answer = (await response.json().catch(() => null)) as GraphqlResponse<Result> | null;
    const first = answer?.errors?.[0];
    if (first) {
      const { code, ...details } = first.extensions ?? {};
      throw new ApiError(
        first.message,
        typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
        details,
        response.ok ? undefined : response.status,
      );
    }
    if (!answer?.data) {
      throw new TransportError(`${this.serverUrl} answered HTTP ${response.status} without data`);
    }
    return answer.data;
  }

  /** A GET of a plain HTTP route (the CSV export), with the access token. */
  async get(pathAndQuery: string, accessToken: string): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetch(`${this.serverUrl}${pathAndQuery}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
    } catch (error) {
      throw new TransportError(`cannot reach ${this.serverUrl}: ${describe(error)}`);
    }
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as GraphqlResponse<unknown> | null;
      const first = answer?.errors?.[0];
      const { code, ...details } = first?.extensions ?? {};
      throw new ApiError(
        first?.message ?? `HTTP ${response.status}`,
        typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
        details,
        response.status,
      );
    }
    return response;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : error.message;
  }
  return String(error);
}
