import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { Client } from 'pg';
import {
  createDeviceCertificate,
  deviceCertificateToJson,
  type DeviceKeys,
  generateDeviceKeys,
  generateIdentityKeyPair,
  toBase64Url,
} from '@fpn/crypto';
import { argon2idHash } from '../../libs/identity/src/passwords/argon2id';
import type { GraphqlHttp } from './graphql-http';

/** The password every benchmark account signs in with (hashed once, stored for all). */
export const BENCH_PASSWORD = 'benchmark quartz meadow lantern';

export type BenchRole = 'FOCAL_POINT' | 'SECRETARIAT_OFFICER';

export interface BenchAccountSpec {
  email: string;
  role: BenchRole;
  memberStateCode: string | null;
}

/** A signed-in account with its identity and (once registered) its device. */
export interface BenchAccount extends BenchAccountSpec {
  id: string;
  accessToken: string;
  refreshToken: string;
  signedInAt: number;
  totpSecret?: string;
  device?: DeviceKeys;
}

export async function withPg<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'fpn-bench' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The member states' codes and the networks' keys, as migrated. */
export async function referenceData(ownerUrl: string) {
  return withPg(ownerUrl, async (client) => ({
    states: (
      await client.query<{ code: string }>('SELECT code FROM member_state ORDER BY code')
    ).rows.map((row) => row.code),
    networks: (
      await client.query<{ key: string }>('SELECT key FROM network ORDER BY key')
    ).rows.map((row) => row.key),
  }));
}

/**
 * Accounts straight into PostgreSQL in one statement, as active accounts with
 * the benchmark password (one Argon2id hash at the API's cost, shared).
 * Returns their ids by e-mail.
 */
export async function insertAccounts(
  ownerUrl: string,
  accounts: readonly BenchAccountSpec[],
): Promise<Map<string, string>> {
  const passwordHash = await argon2idHash(BENCH_PASSWORD, { passes: 2, memoryKib: 19456 });
  return withPg(ownerUrl, async (client) => {
    const { rows } = await client.query<{ id: string; email: string }>(
      `INSERT INTO user_account (email, display_name, role, status, member_state_code,
                                 password_hash, password_changed_at)
       SELECT email, split_part(email, '@', 1), role::role, 'active', state, $4, now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS a(email, role, state)
       RETURNING id, email`,
      [
        accounts.map((a) => a.email),
        accounts.map((a) => a.role),
        accounts.map((a) => a.memberStateCode),
        passwordHash,
      ],
    );
    return new Map(rows.map((row) => [row.email, row.id]));
  });
}

/**
 * Active directory entries linked to accounts, each in one network as primary
 * or alternate of its state, straight into PostgreSQL (as libs/testing's
 * addDirectoryEntry, in bulk).
 */
export async function insertDirectoryEntries(
  ownerUrl: string,
  entries: readonly {
    userId: string;
    state: string;
    network: string;
    role: 'primary' | 'alternate';
  }[],
): Promise<void> {
  await withPg(ownerUrl, async (client) => {
    await client.query(
      `INSERT INTO authority (member_state_code, name_en, kind)
       SELECT DISTINCT state, 'Benchmark authority', 'police'::authority_kind FROM unnest($1::text[]) AS s(state)
       ON CONFLICT (member_state_code, name_en) DO NOTHING`,
      [entries.map((e) => e.state)],
    );
    await client.query(
      `WITH entry AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
           AS e(user_id, state, network, role)),
       inserted AS (
         INSERT INTO focal_point (member_state_code, authority_id, full_name, title, time_zone,
                                  availability, last_confirmed_at, user_id)
         SELECT entry.state, authority.id, 'Bench ' || left(entry.user_id::text, 8), 'Officer',
                'Asia/Almaty', 'office_hours'::availability, now(), entry.user_id
           FROM entry JOIN authority
             ON authority.member_state_code = entry.state AND authority.name_en = 'Benchmark authority'
         RETURNING id, user_id)
       INSERT INTO network_membership (focal_point_id, network_id, role)
       SELECT inserted.id, network.id, entry.role::membership_role
         FROM inserted JOIN entry ON entry.user_id = inserted.user_id
         JOIN network ON network.key = entry.network`,
      [
        entries.map((e) => e.userId),
        entries.map((e) => e.state),
        entries.map((e) => e.network),
        entries.map((e) => e.role),
      ],
    );
  });
}

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`;
const REFRESH = `mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const START_TOTP = `mutation { startTotpEnrolment { secret } }`;
const CONFIRM_TOTP = `mutation ($code: String!) { confirmTotpEnrolment(code: $code) { codes } }`;
const REGISTER_KEY = `mutation ($k: String!) { registerIdentityKey(publicKey: $k) { userId } }`;
const REGISTER_DEVICE = `mutation ($c: DeviceCertificateInput!) { registerDevice(certificate: $c) { deviceId } }`;

type Tokens = { accessToken: string; refreshToken: string };

/** Signs in over GraphQL (with a TOTP code when the account has enrolled). */
export async function signIn(
  api: GraphqlHttp,
  spec: BenchAccountSpec & { id: string; totpSecret?: string },
): Promise<BenchAccount> {
  const totpCode = spec.totpSecret ? await generate({ secret: spec.totpSecret }) : undefined;
  // Sign-in is throttled per address; 228 sign-ins from one address, faster with
  // API_PROCESSES > 1, are told to wait a second now and then: wait, as a client would.
  for (let attempt = 1; ; attempt++) {
    const answer = await api.request<{ login: Tokens }>(LOGIN, {
      input: { email: spec.email, password: BENCH_PASSWORD, totpCode },
    });
    const code = answer.errors?.[0]?.extensions?.code;
    if (code === 'RATE_LIMITED' && attempt < 10) {
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      continue;
    }
    if (!answer.data?.login) {
      throw new Error(`GraphQL error ${String(code)}: ${answer.errors?.[0]?.message ?? 'no data'}`);
    }
    return { ...spec, ...answer.data.login, signedInAt: performance.now() };
  }
}

/** A fresh access token once the one held is older than `maxAgeMs` (refresh-token rotation). */
export async function freshToken(api: GraphqlHttp, account: BenchAccount, maxAgeMs = 8 * 60_000) {
  if (performance.now() - account.signedInAt < maxAgeMs) return;
  const { refreshSession } = await api.query<{ refreshSession: Tokens }>(REFRESH, {
    t: account.refreshToken,
  });
  Object.assign(account, refreshSession, { signedInAt: performance.now() });
}

/** Enrols TOTP over GraphQL, as a Secretariat account must before anything else. */
export async function enrolTotp(api: GraphqlHttp, account: BenchAccount): Promise<void> {
  const { startTotpEnrolment } = await api.query<{ startTotpEnrolment: { secret: string } }>(
    START_TOTP,
    {},
    account.accessToken,
  );
  await api.query(
    CONFIRM_TOTP,
    { code: await generate({ secret: startTotpEnrolment.secret }) },
    account.accessToken,
  );
  account.totpSecret = startTotpEnrolment.secret;
}

/** A real identity key and one device with its certificate, registered over GraphQL. */
export async function registerDevice(api: GraphqlHttp, account: BenchAccount): Promise<DeviceKeys> {
  const identity = generateIdentityKeyPair();
  await api.query(REGISTER_KEY, { k: toBase64Url(identity.publicKey) }, account.accessToken);
  const device = generateDeviceKeys(randomUUID());
  const certificate = deviceCertificateToJson(
    createDeviceCertificate({ identity, accountId: account.id, device, issuedAt: new Date() }),
  );
  await api.query(REGISTER_DEVICE, { c: certificate }, account.accessToken);
  account.device = device;
  return device;
}
