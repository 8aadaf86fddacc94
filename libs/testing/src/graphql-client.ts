import type { GraphQLFormattedError } from 'graphql';

/** A GraphQL document tagged with the shape of its result and variables. */
export type TypedDocument<TResult, TVariables = Record<string, never>> = string & {
  readonly __result?: TResult;
  readonly __variables?: TVariables;
};

export function gql<TResult, TVariables = Record<string, never>>(
  strings: TemplateStringsArray,
  ...values: string[]
): TypedDocument<TResult, TVariables> {
  return String.raw({ raw: strings }, ...values) as TypedDocument<TResult, TVariables>;
}

export interface GraphqlResponse<TResult> {
  status: number;
  data?: TResult | null;
  errors?: GraphQLFormattedError[];
  headers: Headers;
}

/** Talks to the real HTTP endpoint, as a client system would. */
export class GraphqlTestClient {
  private token?: string;

  constructor(private readonly endpoint: string) {}

  asBearer(token: string | undefined): this {
    this.token = token;
    return this;
  }

  async request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
    headers: Record<string, string> = {},
  ): Promise<GraphqlResponse<TResult>> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query: document, variables }),
    });
    const body = (await response.json()) as {
      data?: TResult | null;
      errors?: GraphQLFormattedError[];
    };
    return { status: response.status, headers: response.headers, ...body };
  }

  /** The data of a request that must succeed; any error fails the test with its code and message. */
  async query<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
  ): Promise<TResult> {
    const response = await this.request(document, variables);
    if (response.errors?.length || !response.data) {
      const first = response.errors?.[0];
      throw new Error(
        `GraphQL error ${String(first?.extensions?.code)}: ${first?.message ?? 'no data'}`,
      );
    }
    return response.data;
  }

  /** The `extensions.code` of each error of a request that must fail. */
  async errorCodes<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
  ): Promise<string[]> {
    const response = await this.request(document, variables);
    return (response.errors ?? []).map((error) => String(error.extensions?.code));
  }
}
