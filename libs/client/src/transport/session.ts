import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CurrentApiCredentialDocument,
  LoginDocument,
  LogoutDocument,
  RefreshSessionDocument,
  type AccountFragment,
  type CurrentApiCredentialQuery,
  type SignedInFragment,
} from '../generated/graphql';
import { ApiError } from './api-error';
import type { GraphqlTransport } from './graphql-transport';

/** What a signed-in client keeps between runs. The refresh token is a secret. */
export interface SavedSession {
  serverUrl: string;
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  account: AccountFragment;
}

/** Where the session is kept: a 0600 file for the CLI, memory in tests. */
export interface SessionStore {
  load(): Promise<SavedSession | null>;
  save(session: SavedSession): Promise<void>;
  clear(): Promise<void>;
}

export class MemorySessionStore implements SessionStore {
  private session: SavedSession | null = null;
  async load() {
    return this.session;
  }
  async save(session: SavedSession) {
    this.session = session;
  }
  async clear() {
    this.session = null;
  }
}

export interface LoginInput {
  email: string;
  password: string;
  /** The authenticator app's current code (coordinators and the Secretariat; anyone who enrolled). */
  totpCode?: string;
  /** Instead of a code: one of the one-time recovery codes. */
  recoveryCode?: string;
}

export type ApiCredentialInfo = CurrentApiCredentialQuery['currentApiCredential'];

/** Refresh this long before the access token expires, so a request does not race its expiry. */
const REFRESH_MARGIN_MS = 30_000;

/**
 * Signs in, keeps the tokens, refreshes the access token before it expires
 * (and once more if the server refuses it), one refresh at a time: a refresh
 * token used twice ends the session on the server.
 */
export class Session {
  private current: SavedSession | null = null;
  private refreshing: Promise<SavedSession> | null = null;
  /** A ministry system's API credential, when it acts as one instead of a signed-in person. */
  private credential: string | null = null;
  private credentialInfo: Promise<ApiCredentialInfo> | null = null;

  constructor(
    private readonly transport: GraphqlTransport,
    private readonly store: SessionStore,
    private readonly now: () => Date,
  ) {}

  /** Loads a saved session for this server, if any. */
  async resume(): Promise<AccountFragment | null> {
    const saved = await this.store.load();
    this.current = saved && saved.serverUrl === this.transport.serverUrl ? saved : null;
    return this.current?.account ?? null;
  }

  get serverUrl(): string {
    return this.transport.serverUrl;
  }

  get account(): AccountFragment {
    if (this.credential) {
      throw new ApiError(
        'An API credential acts for the account that issued it and has no session of its own',
        'FORBIDDEN',
        { reason: 'API_CREDENTIAL_HAS_NO_ACCOUNT' },
      );
    }
    if (!this.current) throw notSignedIn();
    return this.current.account;
  }

  get signedIn(): boolean {
    return this.current !== null || this.credential !== null;
  }

  /** Whether requests go out under an API credential (a ministry system), not a person's session. */
  get actingAsApiCredential(): boolean {
    return this.credential !== null;
  }

  /**
   * Act as a ministry system: every request carries the API credential
   * (`fpn_<id>_<secret>`) as its bearer token. Nothing is saved and nothing
   * refreshes — the credential expires or is revoked on the server, and the
   * server then refuses it. Calls outside the credential's operations are
   * FORBIDDEN there, not here.
   */
  useApiCredential(secret: string): void {
    if (!/^fpn_[^_\s]+_\S+$/.test(secret)) {
      throw new ApiError('That is not an API credential (fpn_<id>_<secret>)', 'BAD_USER_INPUT', {
        reason: 'NOT_AN_API_CREDENTIAL',
      });
    }
    this.credential = secret;
    this.credentialInfo = null;
  }

  /** The API credential this session acts with, as the server describes it (asked once). */
  apiCredential(): Promise<ApiCredentialInfo> {
    if (!this.credential) {
      return Promise.reject(
        new ApiError('Not acting with an API credential', 'FORBIDDEN', {
          reason: 'NOT_AN_API_CREDENTIAL',
        }),
      );
    }
    this.credentialInfo ??= this.request(CurrentApiCredentialDocument, {}).then(
      (result) => result.currentApiCredential,
      (error: unknown) => {
        this.credentialInfo = null;
        throw error;
      },
    );
    return this.credentialInfo;
  }

  /** Whose keys this client uses: the signed-in person, or the account that issued the API credential. */
  async actingAccountId(): Promise<string> {
    return this.credential ? (await this.apiCredential()).createdBy : this.account.id;
  }

  async login(input: LoginInput): Promise<AccountFragment> {
    const { login } = await this.transport.request(LoginDocument, {
      input: {
        email: input.email,
        password: input.password,
        totpCode: input.totpCode ?? null,
        recoveryCode: input.recoveryCode ?? null,
      },
    });
    return (await this.keep(login)).account;
  }

  async logout(): Promise<void> {
    if (this.current) {
      await this.request(LogoutDocument, {}).catch((error: unknown) => {
        if (!(error instanceof ApiError && error.code === 'UNAUTHENTICATED')) throw error;
      });
    }
    this.current = null;
    await this.store.clear();
  }

  /** A request as the signed-in account. */
  async request<Result, Variables>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
  ): Promise<Result> {
    if (this.credential) return this.transport.request(document, variables, this.credential);
    let session = await this.fresh();
    try {
      return await this.transport.request(document, variables, session.accessToken);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED' || error.reason) {
        throw error;
      }
      session = await this.refresh(session);
      return this.transport.request(document, variables, session.accessToken);
    }
  }

  /** A GET of a plain HTTP route as the signed-in account. */
  async download(pathAndQuery: string): Promise<Response> {
    return this.transport.get(pathAndQuery, await this.accessToken());
  }

  /** A valid access token (refreshed first if it is about to expire), e.g. for a socket or a download. */
  async accessToken(): Promise<string> {
    if (this.credential) return this.credential;
    return (await this.fresh()).accessToken;
  }

  private async fresh(): Promise<SavedSession> {
    const session = this.current;
    if (!session) throw notSignedIn();
    const expires = Date.parse(session.accessTokenExpiresAt);
    if (expires - this.now().getTime() > REFRESH_MARGIN_MS) return session;
    return this.refresh(session);
  }

  private refresh(stale: SavedSession): Promise<SavedSession> {
    if (this.current !== stale && this.current) return Promise.resolve(this.current);
    this.refreshing ??= (async () => {
      try {
        const { refreshSession } = await this.transport.request(RefreshSessionDocument, {
          refreshToken: stale.refreshToken,
        });
        return await this.keep(refreshSession);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
          this.current = null;
          await this.store.clear();
          throw new ApiError('Your session has ended; sign in again', 'UNAUTHENTICATED', {
            reason: 'SESSION_ENDED',
          });
        }
        throw error;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private async keep(payload: SignedInFragment): Promise<SavedSession> {
    const session: SavedSession = {
      serverUrl: this.transport.serverUrl,
      accessToken: payload.accessToken,
      accessTokenExpiresAt: payload.accessTokenExpiresAt,
      refreshToken: payload.refreshToken,
      account: payload.user,
    };
    this.current = session;
    await this.store.save(session);
    return session;
  }
}

function notSignedIn(): ApiError {
  return new ApiError('Not signed in: run `fpn login` first', 'UNAUTHENTICATED', {
    reason: 'NOT_SIGNED_IN',
  });
}
