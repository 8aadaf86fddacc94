import type { ApolloServerPlugin } from '@apollo/server';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { DirectoryCache, KEPT_RESPONSE_FIELDS } from '@fpn/directory';
import { type AuthenticatedRequest, PolicyGuard } from '@fpn/identity';

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

/** The key of a kept answer: the caller, the query as sent, its operation and variables. */
function answerKey(
  caller: string,
  query: string,
  operationName: string | null | undefined,
  variables: unknown,
): string {
  return JSON.stringify(['graphql', caller, query, operationName ?? null, variables ?? {}]);
}

/** Renderings kept of one answer, at most: one for each `Accept` a client library sends. */
const MAX_RENDERINGS = 4;

/** A kept answer as Apollo sent it over HTTP: its bytes and the headers Apollo chose. */
interface KeptHttpAnswer {
  body: Buffer;
  contentType: string;
  cacheControl: string | undefined;
}

/** What a POST to /graphql carries, when it is one plain operation. */
interface OperationBody {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

function isOperationBody(body: unknown): body is OperationBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  return (
    typeof query === 'string' &&
    extensions === undefined &&
    (operationName == null || typeof operationName === 'string') &&
    (variables == null || (typeof variables === 'object' && !Array.isArray(variables)))
  );
}

/**
 * Whole GraphQL answers of roster reads, kept until the directory changes
 * (docs/directory.md, "Answers kept across requests"). A query whose every
 * field is in `KEPT_RESPONSE_FIELDS` is answered, once its caller is
 * authenticated as the PolicyGuard would (the same single authentication),
 * with the answer kept for the same caller — same account, role, state and
 * second factor, or the same credential with the same rights — the same
 * query text, operation and variables, under the directory's generation read
 * for this request; otherwise it runs, and an answer without errors is kept.
 * A caller who cannot be authenticated is never answered from here: the
 * guard refuses them as before.
 *
 * Two ways in: `plugin()` inside Apollo (any transport Apollo serves), and
 * `middleware()` before it for a POST to /graphql, which answers with the
 * bytes and headers Apollo sent the first time — no parsing, validation,
 * execution or serialisation, the largest part of a kept answer's cost.
 */
@Injectable()
export class KeptGraphqlAnswers {
  private readonly qualifyingOperations = new WeakMap<OperationDefinitionNode, boolean>();
  /** Query texts that qualified: the HTTP way in authenticates only requests carrying one. */
  private readonly qualifyingTexts = new LRUCache<string, true>({ max: 1000 });
  /**
   * A kept answer's bytes as Apollo sent them, by the `Accept` they answered:
   * they live as long as the answer they render is kept, and count nothing
   * more against the limit.
   */
  private readonly renderings = new WeakMap<object, Map<string, KeptHttpAnswer>>();
  /** The kept answer a request was answered with, or is keeping: what its bytes render. */
  private readonly answerOf = new WeakMap<object, object>();

  constructor(
    private readonly cache: DirectoryCache,
    private readonly guard: PolicyGuard,
  ) {}

  /** The caller's key and the generation this request reads by, once authenticated; else undefined. */
  private async callerOf(
    req: AuthenticatedRequest,
  ): Promise<{ caller: string; generation: number } | undefined> {
    const authenticated = await this.guard.authenticateRequest(req).then(
      () => true,
      () => false,
    );
    const caller = authenticated ? callerKey(req) : undefined;
    const generation = caller === undefined ? null : await this.cache.generationOf(req);
    return caller === undefined || generation === null ? undefined : { caller, generation };
  }

  /** Whether every field of the operation may be kept; worked out once per parsed document. */
  private qualifies(
    operation: OperationDefinitionNode,
    document: DocumentNode,
    schema: GraphQLSchema,
  ): boolean {
    let qualifies = this.qualifyingOperations.get(operation);
    if (qualifies === undefined) {
      const fragments = Object.fromEntries(
        document.definitions
          .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
          .map((definition) => [definition.name.value, definition]),
      );
      const query = schema.getQueryType();
      qualifies =
        !!query && selectsOnlyKeptFields(schema, query, operation.selectionSet, fragments);
      this.qualifyingOperations.set(operation, qualifies);
    }
    return qualifies;
  }

  plugin(): ApolloServerPlugin {
    const { cache, answerOf, qualifyingTexts } = this;
    return {
      requestDidStart: async () => {
        let keeping: { generation: number; key: string } | undefined;
        return {
          responseForOperation: async (context) => {
            const { operation, schema, document, request } = context;
            // Nest's Apollo context carries the Express request as `req`.
            const { req } = context.contextValue as { req: AuthenticatedRequest };
            if (operation.operation !== 'query' || request.query === undefined) return null;
            if (!this.qualifies(operation, document, schema)) return null;
            qualifyingTexts.set(request.query, true);
            const reader = await this.callerOf(req);
            if (!reader) return null;
            const key = answerKey(
              reader.caller,
              request.query,
              request.operationName,
              request.variables,
            );
            const kept = cache.kept<object>(reader.generation, key);
            if (kept) {
              // Reached here, the HTTP way in has not kept these bytes yet: it may now.
              answerOf.set(req, kept);
              return {
                http: context.response.http,
                body: { kind: 'single', singleResult: { ...kept } },
              };
            }
            keeping = { generation: reader.generation, key };
            return null;
          },
          willSendResponse: async ({ response, contextValue }) => {
            if (!keeping || response.body.kind !== 'single') return;
            const { singleResult } = response.body;
            if (singleResult.errors?.length || !singleResult.data) return;
            // A copy: what Apollo sends of this answer stays its own.
            const answer = { data: structuredClone(singleResult.data) };
            cache.keep(keeping.generation, keeping.key, answer, entriesIn(answer.data));
            const { req } = contextValue as { req: AuthenticatedRequest };
            answerOf.set(req, answer);
          },
        };
      },
    };
  }

  /**
   * Express middleware for POST /graphql: a kept answer's bytes for the same
   * caller, query, operation, variables and `Accept`, else on to Apollo —
   * noting, if Apollo keeps the answer, the bytes and headers it sends.
   */
  middleware(): (req: AuthenticatedRequest, res: Response, next: () => void) => Promise<void> {
    return async (req, res, next) => {
      const body: unknown = req.body;
      if (!isOperationBody(body) || !this.qualifyingTexts.has(body.query)) return next();
      // Anything failing here (the directory's generation unreadable) fails again in Apollo,
      // which answers it as a GraphQL error.
      const reader = await this.callerOf(req).catch(() => undefined);
      if (!reader) return next();
      const key = answerKey(reader.caller, body.query, body.operationName, body.variables);
      const accept = req.headers.accept ?? '';
      const answer = this.cache.kept<object>(reader.generation, key);
      const rendered = answer && this.renderings.get(answer)?.get(accept);
      if (!rendered) {
        this.noteRendering(req, res, accept);
        return next();
      }
      res.status(200);
      res.setHeader('content-type', rendered.contentType);
      if (rendered.cacheControl !== undefined)
        res.setHeader('cache-control', rendered.cacheControl);
      res.send(rendered.body);
    };
  }

  /**
   * Keeps what Apollo sends for `req` — its bytes, `Content-Type` and
   * `Cache-Control` — beside the kept answer it renders, if there is one.
   */
  private noteRendering(req: AuthenticatedRequest, res: Response, accept: string): void {
    const send = res.send;
    res.send = (sent: unknown) => {
      res.send = send;
      const answer = this.answerOf.get(req);
      const contentType = res.getHeader('content-type');
      if (answer && res.statusCode === 200 && typeof sent === 'string' && contentType) {
        let byAccept = this.renderings.get(answer);
        if (!byAccept) this.renderings.set(answer, (byAccept = new Map()));
        // A few kinds of `Accept` per answer; one sent in yet another form runs through Apollo.
        if (byAccept.size < MAX_RENDERINGS) {
          const cacheControl = res.getHeader('cache-control');
          byAccept.set(accept, {
            body: Buffer.from(sent),
            contentType: String(contentType),
            cacheControl: cacheControl === undefined ? undefined : String(cacheControl),
          });
        }
      }
      return send.call(res, sent);
    };
  }
}
