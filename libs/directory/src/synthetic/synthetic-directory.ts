import { createHash } from 'node:crypto';
import { AuditEventType, AuditService } from '@fpn/audit';
import type { Clock } from '@fpn/core';
import { transliterate } from 'transliteration';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthorityKind } from '../authorities/authority.entity';
import {
  Availability,
  type ContactChannel,
  ContactChannelKind,
  FocalPointStatus,
} from '../focal-points/focal-point.entity';
import { MembershipRole } from '../memberships/network-membership.entity';
import { feminine, NAME_POOLS, type NamePool, TITLES } from './synthetic-names';
import { DEFAULT_PROFILE, STATE_PROFILES } from './synthetic-states';

export interface SyntheticDirectoryOptions {
  /** "Now" for the entries' last confirmation (the injected clock). */
  clock: Clock;
  /** How many focal points (default 10,000). */
  count?: number;
  /** Entries written per transaction (default 500). */
  batchSize?: number;
  /** Another seed gives other people (and other ids). */
  seed?: string;
  onProgress?(progress: { done: number; total: number; written: number }): void;
}

export interface SyntheticDirectoryResult {
  /** Rows written by this run; a second run with the same seed writes none. */
  authorities: number;
  focalPoints: number;
  memberships: number;
}

export const SYNTHETIC_DEFAULT_COUNT = 10_000;
const DEFAULT_SEED = 'fpn-synthetic';
const DAY_MS = 86_400_000;

/** The authorities every state gets, one per kind. */
const AUTHORITIES: readonly { kind: AuthorityKind; en: string; ru: string }[] = [
  {
    kind: AuthorityKind.POLICE,
    en: 'Ministry of Internal Affairs',
    ru: 'Министерство внутренних дел',
  },
  { kind: AuthorityKind.CUSTOMS, en: 'Customs Service', ru: 'Таможенная служба' },
  { kind: AuthorityKind.BORDER_GUARD, en: 'Border Guard Service', ru: 'Пограничная служба' },
  {
    kind: AuthorityKind.FIU,
    en: 'Financial Intelligence Unit',
    ru: 'Подразделение финансовой разведки',
  },
  {
    kind: AuthorityKind.MINISTRY,
    en: 'Ministry of Foreign Affairs',
    ru: 'Министерство иностранных дел',
  },
  {
    kind: AuthorityKind.OTHER,
    en: 'Drug Control Agency',
    ru: 'Агентство по контролю за наркотиками',
  },
];

/** Which authorities a network's focal points usually come from. */
const NETWORK_AUTHORITIES: Readonly<Record<string, readonly AuthorityKind[]>> = {
  'border-control': [AuthorityKind.BORDER_GUARD, AuthorityKind.CUSTOMS],
  'law-enforcement': [AuthorityKind.POLICE],
  'economic-crimes': [AuthorityKind.FIU, AuthorityKind.POLICE],
  'wmd-nonproliferation': [AuthorityKind.MINISTRY, AuthorityKind.CUSTOMS],
};

const digest = (...parts: (string | number)[]) =>
  createHash('sha256').update(parts.join(':')).digest();

/** A stable UUID (version 8, "custom") for the i-th thing of a kind: re-runs find the same rows. */
export function syntheticId(seed: string, ...parts: (string | number)[]): string {
  const bytes = digest(seed, ...parts).subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** mulberry32: a small seeded generator, so the i-th entry is always the same person. */
function random(seed: string, index: number): () => number {
  let state = digest(seed, 'entry', index).readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(items: readonly T[], next: () => number): T =>
  items[Math.floor(next() * items.length)];

interface Reference {
  states: { code: string; nameEn: string; nameRu: string }[];
  networks: { id: string; key: string }[];
  /** `${state}:${kind}` → authority id. */
  authorities: Map<string, string>;
}

interface SyntheticEntry {
  id: string;
  memberStateCode: string;
  authorityId: string;
  fullName: string;
  title: string;
  languages: string[];
  timeZone: string;
  availability: Availability;
  contactChannels: ContactChannel[];
  status: FocalPointStatus;
  lastConfirmedAt: Date;
  memberships: { id: string; networkId: string; role: MembershipRole }[];
}

function personName(pool: NamePool, next: () => number): string {
  const female = pool.femaleGiven !== undefined && next() < 0.4;
  const surname = pick(pool.surnames, next);
  const given = female ? pick(pool.femaleGiven!, next) : pick(pool.given, next);
  const family = female ? feminine(surname) : surname;
  return pool.surnameFirst ? `${family} ${given}` : `${given} ${family}`;
}

/** The i-th synthetic focal point: states in turn, the first of each state and network its primary. */
function entryAt(index: number, seed: string, reference: Reference, now: Date): SyntheticEntry {
  const next = random(seed, index);
  const { states, networks } = reference;
  const state = states[index % states.length];
  const local = Math.floor(index / states.length);
  const profile = STATE_PROFILES[state.code] ?? DEFAULT_PROFILE;
  const primary = local < networks.length;
  const first = networks[local % networks.length];
  const memberNetworks = [first];
  if (networks.length > 1 && next() < 0.25) {
    memberNetworks.push(
      networks[(local + 1 + Math.floor(next() * (networks.length - 1))) % networks.length],
    );
  }
  const id = syntheticId(seed, 'focal-point', index);
  const kind =
    next() < 0.1
      ? AuthorityKind.OTHER
      : pick(NETWORK_AUTHORITIES[first.key] ?? [AuthorityKind.POLICE], next);
  const pool = NAME_POOLS[profile.names];
  let fullName = personName(pool, next);
  const cyrillic = /[\u0400-\u04ff]/.test(fullName);
  // Some entries of Cyrillic-writing states are typed in Latin, as in a passport.
  if (cyrillic && next() < 0.2) fullName = transliterate(fullName);
  const inCyrillic = /[\u0400-\u04ff]/.test(fullName);
  const latin = transliterate(fullName)
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
  // E.164, as the directory stores numbers: the state's calling code and nine digits.
  const phone = () => `+${profile.callingCode}${100_000_000 + Math.floor(next() * 900_000_000)}`;
  const roundTheClock = next() < 0.3;
  const contactChannels: ContactChannel[] = [
    {
      kind: ContactChannelKind.EMAIL,
      value: `${latin}.${index}@${kind.replace(/_/g, '-')}.${state.code.toLowerCase()}.example`,
    },
    {
      kind: ContactChannelKind.PHONE,
      value: phone(),
      note: roundTheClock ? (inCyrillic ? 'дежурная часть' : 'duty desk') : null,
    },
  ];
  if (next() < 0.5) {
    contactChannels.push({ kind: ContactChannelKind.MOBILE, value: phone(), note: null });
  }
  const languages = [...profile.languages];
  if (!languages.includes('en') && next() < 0.8) languages.push('en');
  if (!languages.includes('ru') && next() < 0.2) languages.push('ru');
  const statusRoll = next();
  const status =
    primary || statusRoll < 0.95
      ? FocalPointStatus.ACTIVE
      : statusRoll < 0.98
        ? FocalPointStatus.SUSPENDED
        : FocalPointStatus.RETIRED;
  return {
    id,
    memberStateCode: state.code,
    authorityId: reference.authorities.get(`${state.code}:${kind}`)!,
    fullName,
    title: pick(inCyrillic ? TITLES.ru : TITLES.en, next),
    languages,
    timeZone: profile.timeZone,
    availability: roundTheClock ? Availability.ROUND_THE_CLOCK : Availability.OFFICE_HOURS,
    contactChannels,
    status,
    lastConfirmedAt: new Date(now.getTime() - Math.floor(next() * 150) * DAY_MS),
    memberships: memberNetworks.map((network, position) => ({
      id: syntheticId(seed, 'membership', index, network.key),
      networkId: network.id,
      role: primary && position === 0 ? MembershipRole.PRIMARY : MembershipRole.ALTERNATE,
    })),
  };
}

/** Each state's authorities (one per kind), created when missing; their ids by state and kind. */
async function ensureAuthorities(
  manager: EntityManager,
  states: Reference['states'],
): Promise<{ ids: Map<string, string>; written: number }> {
  const rows = states.flatMap((state) =>
    AUTHORITIES.map((authority) => ({
      code: state.code,
      nameEn: `${authority.en} of ${state.nameEn}`,
      nameRu: `${authority.ru} (${state.nameRu})`,
      kind: authority.kind,
    })),
  );
  const written = await manager.query<unknown[]>(
    `INSERT INTO authority (member_state_code, name_en, name_ru, kind)
     SELECT * FROM unnest($1::char(2)[], $2::varchar[], $3::varchar[], $4::authority_kind[])
     ON CONFLICT (member_state_code, name_en) DO NOTHING
     RETURNING id`,
    [
      rows.map((r) => r.code),
      rows.map((r) => r.nameEn),
      rows.map((r) => r.nameRu),
      rows.map((r) => r.kind),
    ],
  );
  const found = await manager.query<{ id: string; member_state_code: string; name_en: string }[]>(
    `SELECT id, member_state_code, name_en FROM authority
      WHERE (member_state_code, name_en) IN (SELECT * FROM unnest($1::char(2)[], $2::varchar[]))`,
    [rows.map((r) => r.code), rows.map((r) => r.nameEn)],
  );
  const idByName = new Map(found.map((row) => [`${row.member_state_code}:${row.name_en}`, row.id]));
  const ids = new Map(
    rows.map((row) => [`${row.code}:${row.kind}`, idByName.get(`${row.code}:${row.nameEn}`)!]),
  );
  return { ids, written: written.length };
}

async function insertBatch(
  manager: EntityManager,
  entries: SyntheticEntry[],
): Promise<[number, number]> {
  const column = <K extends keyof SyntheticEntry>(key: K) => entries.map((entry) => entry[key]);
  const focalPoints = await manager.query<unknown[]>(
    `INSERT INTO focal_point (id, member_state_code, authority_id, full_name, title, languages, time_zone,
                              availability, contact_channels, status, last_confirmed_at)
     SELECT id, state, authority, name, title, string_to_array(languages, ',')::varchar[], zone,
            availability::availability, channels::jsonb, status::focal_point_status, confirmed
       FROM unnest($1::uuid[], $2::char(2)[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::text[], $10::text[], $11::timestamptz[])
         AS t(id, state, authority, name, title, languages, zone, availability, channels, status, confirmed)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      column('id'),
      column('memberStateCode'),
      column('authorityId'),
      column('fullName'),
      column('title'),
      entries.map((entry) => entry.languages.join(',')),
      column('timeZone'),
      column('availability'),
      entries.map((entry) => JSON.stringify(entry.contactChannels)),
      column('status'),
      column('lastConfirmedAt'),
    ],
  );
  const memberships = entries.flatMap((entry) =>
    entry.memberships.map((membership) => ({ ...membership, focalPointId: entry.id })),
  );
  // Any unique rule (one membership per network, one primary per state and network) skips a row.
  const written = await manager.query<unknown[]>(
    `INSERT INTO network_membership (id, focal_point_id, network_id, role)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::membership_role[])
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      memberships.map((m) => m.id),
      memberships.map((m) => m.focalPointId),
      memberships.map((m) => m.networkId),
      memberships.map((m) => m.role),
    ],
  );
  return [focalPoints.length, written.length];
}

/**
 * Synthetic focal points for tests and benchmarks (never real people): spread
 * over every member state and network, with each state's authorities, names in
 * Latin and Cyrillic, one primary and alternates per state and network,
 * contact channels, languages and time zones. Deterministic: the i-th entry is
 * always the same, with the same id, so a second run writes nothing and a run
 * with a larger count adds only the missing entries. Written in batches (one
 * transaction each), with progress; one audit entry for the run.
 */
export async function generateSyntheticDirectory(
  dataSource: DataSource,
  options: SyntheticDirectoryOptions,
): Promise<SyntheticDirectoryResult> {
  const total = options.count ?? SYNTHETIC_DEFAULT_COUNT;
  const batchSize = options.batchSize ?? 500;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(total) || total < 1) {
    throw new Error('count must be a positive whole number');
  }
  const now = options.clock.now();
  const states = (
    await dataSource.query<{ code: string; name_en: string; name_ru: string }[]>(
      'SELECT code, name_en, name_ru FROM member_state ORDER BY code',
    )
  ).map((row) => ({ code: row.code, nameEn: row.name_en, nameRu: row.name_ru }));
  const networks = await dataSource.query<{ id: string; key: string }[]>(
    'SELECT id, key FROM network ORDER BY key',
  );
  const { ids: authorities, written: authoritiesWritten } = await dataSource.transaction(
    (manager) => ensureAuthorities(manager, states),
  );
  const reference: Reference = { states, networks, authorities };
  const result = { authorities: authoritiesWritten, focalPoints: 0, memberships: 0 };
  for (let start = 0; start < total; start += batchSize) {
    const entries: SyntheticEntry[] = [];
    for (let index = start; index < Math.min(start + batchSize, total); index += 1) {
      entries.push(entryAt(index, seed, reference, now));
    }
    const [focalPoints, memberships] = await dataSource.transaction((manager) =>
      insertBatch(manager, entries),
    );
    result.focalPoints += focalPoints;
    result.memberships += memberships;
    options.onProgress?.({ done: start + entries.length, total, written: result.focalPoints });
  }
  if (result.authorities || result.focalPoints || result.memberships) {
    await new AuditService(dataSource, options.clock).recordNow({
      type: AuditEventType.DIRECTORY_SYNTHETIC_SEEDED,
      actorRole: 'OPERATOR_CLI',
      subjectType: 'directory',
      details: { generator: seed, count: total, ...result },
    });
  }
  return result;
}
