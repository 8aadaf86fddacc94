import type { IncomingMessage } from 'node:http';
import type { GraphQLSchemaHost } from '@nestjs/graphql';
import type { ServerOptions } from 'graphql-ws';
import { type AppConfig } from '@fpn/config';
import { DomainError, ErrorCode } from '@fpn/core';
import {
  sendExpandingSharedJson,
  sharedJsonReplacer,
  subscribeSharingPushes,
  type TextSocket,
} from '@fpn/messaging';
import {
  type ApiCredentialAuthenticator,
  type AuthenticationService,
  looksLikeApiCredentialToken,
} from '@fpn/identity';
import {
  type DocumentNode,
  getOperationAST,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { graphqlArmor } from '../armor';
import { formatGraphqlError } from '../format-error';
import type { ClosableSocket, LiveConnections } from './live-connections.service';

interface Dependencies {
  config: AppConfig;
  authentication: AuthenticationService;
  /** A ministry system subscribes with its API credential (its bound device's messages). */
  credentials: ApiCredentialAuthenticator;
  connections: LiveConnections;
  schemaHost: GraphQLSchemaHost;
}

/** What the `ws` adapter of graphql-ws hands every hook. */
interface WsExtra {
  readonly socket: ClosableSocket & TextSocket;
  readonly request: IncomingMessage;
}

type ConnectionParams = Record<string, unknown> | undefined;
export type GraphqlWsOptions = ServerOptions<ConnectionParams, WsExtra> & { path: string };

const SUGGESTION = /\s*Did you mean\b.*$/s;

/**
 * What a watching device may do on its socket besides subscribing: catch up
 * from its cursor and confirm delivery. Both are the device's own rows, carry
 * no cookie (so no CSRF), and pass the PolicyGuard with the connection's token
 * like any subscribe; over HTTP they would cost a full request per device and
 * burst (docs/benchmarks.md). Everything else goes over HTTP.
 */
export const SOCKET_OPERATIONS: ReadonlySet<string> = new Set(['inbox', 'confirmDelivery']);

/** A subscription, or a query/mutation whose every root field is a socket operation. */
export function servedOnSocket(operation: OperationDefinitionNode | null | undefined): boolean {
  if (!operation) return false;
  if (operation.operation === 'subscription') return true;
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      (SOCKET_OPERATIONS.has(selection.name.value) || selection.name.value === '__typename'),
  );
}

/** `Bearer <token>` from the connection_init payload (`authorization` or `Authorization`). */
export function bearerOf(params: Readonly<ConnectionParams>): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  if (typeof value !== 'string') return undefined;
  const [scheme, token] = value.split(' ');
  return scheme === 'Bearer' && token ? token : undefined;
}

/**
 * The graphql-ws server options: the same front door as HTTP.
 * - Authenticated at connection: connection_init must carry a valid access
 *   token, else the socket closes 4403. The socket is registered by user and
 *   session, so revoking the session closes it on every replica. A ministry
 *   system connects with its API credential instead; it may subscribe only
 *   to what allows its operations (messageReceived with MESSAGES_READ).
 * - Subscriptions, and a watching device's `inbox` and `confirmDelivery`
 *   (SOCKET_OPERATIONS); every other query and mutation goes over HTTP,
 *   where CSRF prevention and the request limits apply.
 * - The same parse and validation limits (tokens, depth, aliases, cost,
 *   directives) before anything runs, and the same error codes.
 * - Every operation passes the PolicyGuard again with the connection's token,
 *   so a token that expired or a session that ended cannot start a new one.
 * - A message pushed to many devices is executed once for every subscription
 *   asking the same of it (`subscribeSharingPushes`), and what their pushes
 *   carry alike is serialised once (`sharedJsonReplacer`, expanded by the
 *   socket's `send`).
 */
export function graphqlWsOptions(deps: Dependencies): GraphqlWsOptions {
  const armor = graphqlArmor(deps.config);
  const production = deps.config.environment === 'production';
  const rules = [...specifiedRules, ...armor.validationRules];

  const format = (error: GraphQLError) => {
    const formatted = formatGraphqlError(error.toJSON(), error.originalError ?? error);
    return production
      ? { ...formatted, message: formatted.message.replace(SUGGESTION, '') }
      : formatted;
  };
  const accepted = new AcceptedDocuments();
  const refuse = (code: string, message: string) =>
    [new GraphQLError(message, { extensions: { code } })] as GraphQLError[];

  return {
    path: '/graphql',
    async onConnect(ctx) {
      sendExpandingSharedJson(ctx.extra.socket);
      const token = bearerOf(ctx.connectionParams);
      if (!token) return false;
      try {
        if (looksLikeApiCredentialToken(token)) {
          // No session to end: each subscribe checks the credential again (the PolicyGuard).
          await deps.credentials.authenticate(token, {
            ip: ctx.extra.request.socket.remoteAddress,
          });
          return true;
        }
        const principal = await deps.authentication.authenticate(token);
        deps.connections.register(ctx.extra.socket, {
          userId: principal.user.id,
          sessionId: principal.sessionId,
        });
        return true;
      } catch (error) {
        if (error instanceof DomainError && error.code === ErrorCode.Unauthenticated) return false;
        throw error;
      }
    },
    onClose(ctx) {
      deps.connections.unregister(ctx.extra.socket);
    },
    onSubscribe(_ctx, _id, payload) {
      const schema = deps.schemaHost.schema;
      let document = accepted.get(payload.query);
      if (!document) {
        try {
          document = parse(payload.query, armor.parseOptions);
        } catch (error) {
          if (error instanceof GraphQLError) {
            return refuse('GRAPHQL_PARSE_FAILED', error.message);
          }
          throw error;
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) {
          return errors.map(
            (error) =>
              new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              }),
          );
        }
        accepted.remember(payload.query, document);
      }
      const operation = getOperationAST(document, payload.operationName ?? undefined);
      if (!servedOnSocket(operation)) {
        return refuse(
          ErrorCode.BadUserInput,
          'Over WebSocket: subscriptions, inbox and confirmDelivery only',
        );
      }
      // Parsed and validated here with the limits: graphql-ws runs it as it is.
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
      };
    },
    context(ctx) {
      const token = bearerOf(ctx.connectionParams);
      const request = ctx.extra.request;
      // The PolicyGuard reads the same shape as an HTTP request.
      return {
        req: {
          headers: { authorization: token ? `Bearer ${token}` : undefined },
          ip: request.socket.remoteAddress,
        },
      };
    },
    // A message pushed to many devices is executed once for all of them (libs/messaging).
    subscribe: subscribeSharingPushes,
    // …and what every device's push carries alike is serialised once (libs/messaging push-json.ts).
    jsonMessageReplacer: sharedJsonReplacer,
    onNext(_ctx, _id, _payload, _args, result) {
      if (!result.errors?.length) return undefined;
      return { ...result, errors: result.errors.map(format) };
    },
    onError(_ctx, _id, _payload, errors) {
      return errors.map(format);
    },
  };
}

/**
 * Documents that passed parsing and validation, by their text: a device sends
 * the same few (its subscription, inbox, confirmDelivery) again and again, and
 * each would otherwise be parsed and validated anew — a quarter of the api's
 * time under a confirmation load (docs/benchmarks.md). Bounded in count and
 * in the size of what it keeps; the oldest goes first.
 */
export class AcceptedDocuments {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly maxEntries = 256,
    private readonly maxQueryLength = 16 * 1024,
  ) {}

  get(query: string): DocumentNode | undefined {
    return this.documents.get(query);
  }

  remember(query: string, document: DocumentNode): void {
    if (query.length > this.maxQueryLength) return;
    if (this.documents.size >= this.maxEntries) {
      this.documents.delete(this.documents.keys().next().value!);
    }
    this.documents.set(query, document);
  }
}
