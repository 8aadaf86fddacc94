import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  type FragmentDefinitionNode,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { KEPT_RESPONSE_FIELDS } from '@fpn/directory';
import { selectsOnlyKeptFields } from './kept-responses';

const schema = buildSchema(
  readFileSync(path.resolve(__dirname, '../../../../schema.graphql'), 'utf8'),
);
const sdk = readFileSync(
  path.resolve(__dirname, '../../../../libs/client/src/operations/directory.graphql'),
  'utf8',
);

/** Whether the named operation of the document may be answered whole from what was kept. */
function keptFor(source: string, operationName?: string): boolean {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName),
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((definition) => [definition.name.value, definition]),
  );
  return selectsOnlyKeptFields(schema, schema.getQueryType()!, operation.selectionSet, fragments);
}

describe('answers kept whole: which queries qualify', () => {
  it('names only fields the schema has', () => {
    for (const [typeName, fields] of Object.entries(KEPT_RESPONSE_FIELDS)) {
      const type = schema.getType(typeName);
      expect(isObjectType(type)).toBe(true);
      if (!isObjectType(type)) continue;
      for (const field of fields)
        expect([typeName, field, field in type.getFields()]).toEqual([typeName, field, true]);
    }
  });

  it('takes the SDK’s directory searches and lookups, fragments and all', () => {
    expect(keptFor(sdk, 'SearchFocalPoints')).toBe(true);
    expect(keptFor(sdk, 'FocalPoint')).toBe(true);
  });

  it('takes nested rosters and inline fragments of roster types', () => {
    expect(
      keptFor(`{
        focalPoints(first: 5) {
          edges { node { __typename ... on FocalPoint { memberships { network { key focalPoints(first: 2) { totalCount } } } } } }
        }
      }`),
    ).toBe(true);
  });

  it('refuses a query reaching anything else, at any depth', () => {
    expect(keptFor(`{ me { email } }`)).toBe(false);
    expect(keptFor(`{ focalPoints { totalCount } me { email } }`)).toBe(false);
    expect(
      keptFor(`{ focalPoint(id: "x") { memberState { requestNotes(networkKey: "wmd") { en } } } }`),
    ).toBe(false);
    expect(
      keptFor(`
        query { focalPoints { edges { node { ...Languages } } } }
        fragment Languages on FocalPoint { memberState { requestLanguages } }
      `),
    ).toBe(false);
    expect(keptFor(`{ networks { key } }`)).toBe(false);
  });
});
