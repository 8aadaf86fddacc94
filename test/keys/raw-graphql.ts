import { gql, type GraphqlTestClient } from '@fpn/testing';

/** A GraphQL answer as it comes: data, or errors with their extensions. */
export type RawResult = {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: Record<string, unknown> }[];
};

/** Sends a document given as text (the key tests write theirs inline). */
export async function call(
  client: GraphqlTestClient,
  document: string,
  variables: object = {},
): Promise<RawResult> {
  return (await client.request(
    gql<Record<string, unknown>, object>`
      ${document}
    `,
    variables,
  )) as RawResult;
}

/** The data of an answer that must have no errors. */
export async function ok(client: GraphqlTestClient, document: string, variables: object = {}) {
  const result = await call(client, document, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** The extensions of the first error of an answer that must be refused. */
export async function refused(client: GraphqlTestClient, document: string, variables: object = {}) {
  const result = await call(client, document, variables);
  expect(result.errors?.length).toBeGreaterThan(0);
  return result.errors![0].extensions!;
}
