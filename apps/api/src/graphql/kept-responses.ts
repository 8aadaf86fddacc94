import type { ApolloServerPlugin } from '@apollo/server';
import {
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { type DirectoryCache, KEPT_RESPONSE_FIELDS } from '@fpn/directory';
import type { AuthenticatedRequest, PolicyGuard } from '@fpn/identity';

const ALLOWED = new Map(
  Object.entries(KEPT_RESPONSE_FIELDS).map(([type, fields]) => [type, new Set(fields)]),
);

/**
 * Whether every field the selection reaches, at every depth (fragments
 * followed), is one an answer may be kept for (`KEPT_RESPONSE_FIELDS`).
 */
export function selectsOnlyKeptFields(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  visited = new Set<string>(),
): boolean {
  const allowed = ALLOWED.get(type.name);
  if (!allowed) return false;
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name === '__typename') return true;
      if (!allowed.has(name)) return false;
      if (!selection.selectionSet) return true;
      const fieldType = getNamedType(type.getFields()[name]?.type);
      return (
        isObjectType(fieldType) &&
        selectsOnlyKeptFields(schema, fieldType, selection.selectionSet, fragments, visited)
      );
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
    if (!fragment) return false;
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      // A fragment is checked once per type; a cycle is refused by validation before this runs.
      const seen = `${selection.name.value}@${type.name}`;
      if (visited.has(seen)) return true;
      visited.add(seen);
    }
    const condition = fragment.typeCondition?.name.value ?? type.name;
    const conditionType = schema.getType(condition);
    return (
      isObjectType(conditionType) &&
      selectsOnlyKeptFields(schema, conditionType, fragment.selectionSet, fragments, visited)
    );
  });
}

/** Everything the guard and the reader's scope decide by: who calls, as far as a directory answer can tell. */
function callerKey(request: AuthenticatedRequest): string | undefined {
  if (request.credential) {
    const { id, memberStateCode, operations, networkKeys } = request.credential;
    return JSON.stringify([
      'credential',
      id,
      memberStateCode,
      [...operations].sort(),
      [...networkKeys].sort(),
    ]);
  }
  if (request.principal) {
    const { id, role, memberStateCode, totpEnabledAt } = request.principal.user;
    return JSON.stringify(['user', id, role, memberStateCode, totpEnabledAt !== null]);
  }
  return undefined;
}

/** Focal-point entries in an answer (pages' edges, single entries): its size against the limit. */
function entriesIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + entriesIn(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'node' || key === 'focalPoint') count += 1;
    count += entriesIn(item);
  }
  return count;
}

/**
 * Whole GraphQL answers of roster reads, kept until the directory changes
 * (docs/directory.md, "Answers kept across requests"). A query whose every
 * field is in `KEPT_RESPONSE_FIELDS` is answered, once its caller is
 * authenticated as the PolicyGuard would (the same single authentication),
 * with the answer kept for the same caller — same account, role, state and
 * second factor, or the same credential with the same rights — the same
 * document and variables, under the directory's generation read for this
 * request; otherwise it runs, and an answer without errors is kept. A caller
 * who cannot be authenticated is never answered from here: the guard refuses
 * them as before.
 */
export function keptDirectoryResponses(
  cache: DirectoryCache,
  guard: PolicyGuard,
): ApolloServerPlugin {
  const qualifyingOperations = new WeakMap<OperationDefinitionNode, boolean>();
  return {
    async requestDidStart() {
      let keeping: { generation: number; key: string } | undefined;
      return {
        async responseForOperation(context) {
          const { operation, schema, document, request } = context;
          // Nest's Apollo context carries the Express request as `req`.
          const { req } = context.contextValue as { req: AuthenticatedRequest };
          if (operation.operation !== 'query') return null;
          // Apollo keeps a parsed document for each query text: the answer is worked out once.
          let qualifies = qualifyingOperations.get(operation);
          if (qualifies === undefined) {
            const fragments = Object.fromEntries(
              document.definitions
                .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
                .map((definition) => [definition.name.value, definition]),
            );
            const query = schema.getQueryType();
            qualifies =
              !!query && selectsOnlyKeptFields(schema, query, operation.selectionSet, fragments);
            qualifyingOperations.set(operation, qualifies);
          }
          if (!qualifies) return null;
          const authenticated = await guard.authenticateRequest(req).then(
            () => true,
            () => false,
          );
          const caller = authenticated ? callerKey(req) : undefined;
          const generation = caller === undefined ? null : await cache.generationOf(req);
          if (caller === undefined || generation === null) return null;
          const key = JSON.stringify([
            'graphql',
            caller,
            context.queryHash,
            request.operationName ?? null,
            request.variables ?? {},
          ]);
          const kept = cache.kept<object>(generation, key);
          if (kept) {
            return {
              http: context.response.http,
              body: { kind: 'single', singleResult: { ...kept } },
            };
          }
          keeping = { generation, key };
          return null;
        },
        async willSendResponse({ response }) {
          if (!keeping || response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          if (singleResult.errors?.length || !singleResult.data) return;
          // A copy: what Apollo sends of this answer stays its own.
          const data = structuredClone(singleResult.data);
          cache.keep(keeping.generation, keeping.key, { data }, entriesIn(data));
        },
      };
    },
  };
}
