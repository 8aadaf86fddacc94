import { readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import {
  ApiError,
  ClientError,
  FileKeystore,
  FpnClient,
  KEYSTORE_DEFAULT_KDF,
  KEYSTORE_MIN_KDF,
  TransportError,
  writeSecretFile,
  type SavedSession,
  type SessionStore,
} from '@fpn/client';
import { CryptoError } from '@fpn/crypto';
import type { Command } from 'commander';
import WebSocket from 'ws';
import { command, ExitCode, type CliCommand, type CliContext } from '../cli-command';

/** Options every client command takes. */
export interface ClientOptions {
  json?: boolean;
  server?: string;
}

/**
 * Where the client keeps its state: `FPN_HOME` (default `~/.fpn`), holding
 * `config.json` (the server last named with --server), `session.json` (the
 * refresh token: 0600) and `keystore.json` (sealed under the keystore passphrase).
 */
export function clientHome(env: CliContext['env']): string {
  return path.resolve(env.FPN_HOME || path.join(homedir(), '.fpn'));
}

class FileSessionStore implements SessionStore {
  constructor(private readonly file: string) {}
  async load(): Promise<SavedSession | null> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as SavedSession;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
  async save(session: SavedSession): Promise<void> {
    await writeSecretFile(this.file, JSON.stringify(session, null, 2));
  }
  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/** The client for a command: the server from `--server`, `FPN_SERVER_URL` or the saved session. */
export async function openClient(options: ClientOptions, context: CliContext): Promise<FpnClient> {
  const home = clientHome(context.env);
  const sessionStore = new FileSessionStore(path.join(home, 'session.json'));
  const configFile = path.join(home, 'config.json');
  const remembered = await readFile(configFile, 'utf8').then(
    (text) => (JSON.parse(text) as { serverUrl?: string }).serverUrl,
    () => undefined,
  );
  const serverUrl = options.server || context.env.FPN_SERVER_URL || remembered;
  if (options.server && options.server !== remembered) {
    await writeSecretFile(configFile, JSON.stringify({ serverUrl: options.server }));
  }
  if (!serverUrl) {
    throw new ClientUsageError(
      'which server? pass --server https://… (or set FPN_SERVER_URL) — `fpn login` remembers it',
    );
  }
  let passphrase: Promise<string> | undefined;
  const keystore = new FileKeystore(
    path.join(home, 'keystore.json'),
    () => (passphrase ??= keystorePassphrase(context)),
    keystoreKdf(context.env),
  );
  return FpnClient.create({
    serverUrl,
    sessionStore,
    keystore,
    webSocket: WebSocket,
    // A ministry system's scripts act with its API credential instead of a person's session.
    apiCredential: context.env.FPN_API_CREDENTIAL || undefined,
  });
}

/** The keystore passphrase: `FPN_PASSPHRASE` (scripts), else asked for. */
async function keystorePassphrase(context: CliContext): Promise<string> {
  if (context.env.FPN_PASSPHRASE) return context.env.FPN_PASSPHRASE;
  if (!context.secrets) throw new ClientUsageError('set FPN_PASSPHRASE to open the keystore');
  return context.secrets.read('Keystore passphrase: ');
}

/** `FPN_KEYSTORE_KDF_MEMORY_MIB` lowers the keystore's Argon2id memory (not below 64 MiB). */
function keystoreKdf(env: CliContext['env']) {
  const mib = env.FPN_KEYSTORE_KDF_MEMORY_MIB;
  if (!mib) return KEYSTORE_DEFAULT_KDF;
  const bytes = Number(mib) * 1024 * 1024;
  if (!Number.isInteger(Number(mib)) || bytes < KEYSTORE_MIN_KDF.memLimitBytes) {
    throw new ClientUsageError('FPN_KEYSTORE_KDF_MEMORY_MIB is a whole number, at least 64');
  }
  return { opsLimit: KEYSTORE_DEFAULT_KDF.opsLimit, memLimitBytes: bytes };
}

/** A mistake in how the command was called. */
export class ClientUsageError extends Error {
  readonly code = 'USAGE';
}

/** What a client command returns: data for `--json`, and the lines a person reads. */
export interface ClientAnswer {
  data: unknown;
  lines: string[];
  status?: number;
}

/**
 * A command of the client: `--json` and `--server` on every one; errors as
 * one line (`CODE: message`), or as `{"error": {…}}` with `--json`.
 */
export function clientCommand<Options extends ClientOptions>(definition: {
  name: string;
  summary: string;
  define?(command: Command): void;
  run(options: Options, context: CliContext, args: string[]): Promise<ClientAnswer>;
}): CliCommand {
  return command<Options>({
    name: definition.name,
    summary: definition.summary,
    define(cmd) {
      definition.define?.(cmd);
      cmd
        .option('--json', 'print JSON (for scripts)')
        .option(
          '--server <url>',
          'the server (default: FPN_SERVER_URL, or the one you logged in to)',
        );
    },
    async run(options, context, args) {
      try {
        const answer = await definition.run(options, context, args);
        if (options.json) {
          if (answer.data !== undefined) context.io.out(JSON.stringify(answer.data, null, 2));
        } else for (const line of answer.lines) context.io.out(line);
        return answer.status ?? ExitCode.ok;
      } catch (error) {
        const described = describeClientError(error);
        if (!described) throw error;
        if (options.json) context.io.err(JSON.stringify({ error: described }));
        else {
          const reason = typeof described.reason === 'string' ? ` (${described.reason})` : '';
          context.io.err(`${definition.name}: ${described.code}${reason}: ${described.message}`);
        }
        return described.code === 'CLIENT_SAFETY_NUMBER_MISMATCH'
          ? ExitCode.failed
          : ExitCode.error;
      }
    },
  });
}

function describeClientError(
  error: unknown,
): { code: string; message: string; [detail: string]: unknown } | null {
  if (error instanceof ApiError) {
    return { code: error.code, message: error.message, ...error.details };
  }
  if (error instanceof ClientError) {
    return error.subjects.length
      ? { code: error.code, message: error.message, subjects: error.subjects }
      : { code: error.code, message: error.message };
  }
  if (error instanceof CryptoError || error instanceof ClientUsageError) {
    return { code: error.code, message: error.message };
  }
  if (error instanceof TransportError) return { code: 'UNREACHABLE', message: error.message };
  return null;
}
