import { initCrypto } from '@fpn/crypto';
import { DirectoryClient } from './directory/directory-client';
import { MeDocument } from './generated/graphql';
import { KeyManager } from './keys/key-manager';
import type { WebSocketConstructor } from './messaging/live';
import { MessagingClient } from './messaging/messaging-client';
import { MemoryKeystore, type KeystoreBackend } from './keystore/keystore-contents';
import { NotesClient } from './notes/notes-client';
import { ProceduresClient } from './procedures/procedures-client';
import { RequestsClient } from './requests/requests-client';
import { GraphqlTransport, type FetchFunction } from './transport/graphql-transport';
import {
  MemorySessionStore,
  Session,
  type LoginInput,
  type SessionStore,
} from './transport/session';
import { WebhooksClient } from './webhooks/webhooks-client';

export interface FpnClientOptions {
  /** The server's base URL, e.g. https://fpn.example.org (GraphQL at `/graphql`). */
  serverUrl: string;
  /** Where the session is kept between runs (default: memory). */
  sessionStore?: SessionStore;
  /** Where this device's keys are kept (default: memory). */
  keystore?: KeystoreBackend;
  fetch?: FetchFunction;
  /** The clock for certificates and pins (tests pass theirs). */
  now?: () => Date;
  /** For live messages: the WebSocket class (`ws` in Node.js; the browser's by default). */
  webSocket?: WebSocketConstructor;
  /**
   * A ministry system: act with this API credential (`fpn_<id>_<secret>`)
   * instead of a person's session; any saved session is then ignored.
   */
  apiCredential?: string;
}

/**
 * The Focal Points Network client: sign-in (a person, or a ministry system
 * with its API credential), the key directory checked against this device's
 * pins, the directory, messages, requests and webhooks. All cryptography happens here,
 * never on the server.
 */
export class FpnClient {
  readonly session: Session;
  readonly keys: KeyManager;
  readonly directory: DirectoryClient;
  readonly messaging: MessagingClient;
  readonly requests: RequestsClient;
  readonly webhooks: WebhooksClient;
  /** The Secretariat's numbered notes. */
  readonly notes: NotesClient;
  /** Silence procedures: circulated by the Secretariat, answered by the coordinators. */
  readonly procedures: ProceduresClient;

  private constructor(options: FpnClientOptions) {
    const now = options.now ?? (() => new Date());
    const transport = new GraphqlTransport({ serverUrl: options.serverUrl, fetch: options.fetch });
    this.session = new Session(transport, options.sessionStore ?? new MemorySessionStore(), now);
    this.keys = new KeyManager(this.session, options.keystore ?? new MemoryKeystore(), now);
    this.directory = new DirectoryClient(this.session);
    this.messaging = new MessagingClient(this.session, this.keys, options.webSocket);
    this.requests = new RequestsClient(this.session);
    this.webhooks = new WebhooksClient(this.session);
    this.notes = new NotesClient(this.session);
    this.procedures = new ProceduresClient(this.session);
  }

  /** Loads libsodium and any saved session for this server. */
  static async create(options: FpnClientOptions): Promise<FpnClient> {
    await initCrypto();
    const client = new FpnClient(options);
    if (options.apiCredential) client.session.useApiCredential(options.apiCredential);
    else await client.session.resume();
    return client;
  }

  login(input: LoginInput) {
    return this.session.login(input);
  }

  logout() {
    return this.session.logout();
  }

  /** The signed-in account, as the server sees it now. */
  async me() {
    return (await this.session.request(MeDocument, {})).me;
  }
}
