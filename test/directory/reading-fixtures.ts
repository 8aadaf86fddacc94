import {
  AuthorityEntity,
  AuthorityKind,
  Availability,
  type ContactChannel,
  ContactChannelKind,
  FocalPointEntity,
  FocalPointStatus,
  MembershipRole,
  NetworkEntity,
  NetworkMembershipEntity,
} from '@fpn/directory';
import { type ApiOperation, ApiCredentialsService, Role, UsersService } from '@fpn/identity';
import type { TestApp } from '@fpn/testing';
import { type AfterQueryEvent, DataSource, type EntitySubscriberInterface } from 'typeorm';

export interface EntryOptions {
  fullName: string;
  title?: string;
  authority?: AuthorityEntity;
  networks?: { key: string; role?: MembershipRole }[];
  languages?: string[];
  availability?: Availability;
  status?: FocalPointStatus;
  contactChannels?: ContactChannel[];
  userId?: string | null;
}

/**
 * Roster rows written straight through the entities, for tests about reading
 * (the proposal workflow that normally writes them is tested on its own).
 */
export class RosterFixtures {
  private readonly dataSource: DataSource;
  private readonly authorities = new Map<string, AuthorityEntity>();
  private serial = 0;

  constructor(private readonly app: TestApp) {
    this.dataSource = app.api.get(DataSource);
  }

  async network(key: string): Promise<NetworkEntity> {
    return this.dataSource.manager.findOneByOrFail(NetworkEntity, { key });
  }

  /** One authority per state and kind unless a name is given. */
  async authority(
    memberStateCode: string,
    options: { kind?: AuthorityKind; nameEn?: string; nameRu?: string | null } = {},
  ): Promise<AuthorityEntity> {
    const kind = options.kind ?? AuthorityKind.POLICE;
    const nameEn = options.nameEn ?? `Fixture ${kind} authority of ${memberStateCode}`;
    const key = `${memberStateCode}:${nameEn}`;
    const known = this.authorities.get(key);
    if (known) return known;
    const authority = await this.dataSource.manager.save(
      this.dataSource.manager.create(AuthorityEntity, {
        memberStateCode,
        nameEn,
        nameRu: options.nameRu === undefined ? `Ведомство ${memberStateCode}` : options.nameRu,
        kind,
      }),
    );
    this.authorities.set(key, authority);
    return authority;
  }

  async entry(memberStateCode: string, options: EntryOptions): Promise<FocalPointEntity> {
    const serial = ++this.serial;
    const authority = options.authority ?? (await this.authority(memberStateCode));
    const entry = await this.dataSource.manager.save(
      this.dataSource.manager.create(FocalPointEntity, {
        memberStateCode,
        authorityId: authority.id,
        fullName: options.fullName,
        title: options.title ?? 'Liaison Officer',
        languages: options.languages ?? ['en', 'ru'],
        timeZone: 'Asia/Almaty',
        availability: options.availability ?? Availability.OFFICE_HOURS,
        contactChannels: options.contactChannels ?? [
          {
            kind: ContactChannelKind.EMAIL,
            value: `person${serial}@${memberStateCode.toLowerCase()}.example`,
          },
        ],
        status: options.status ?? FocalPointStatus.ACTIVE,
        lastConfirmedAt: this.app.clock.now(),
        userId: options.userId ?? null,
      }),
    );
    for (const network of options.networks ?? []) {
      await this.dataSource.manager.save(
        this.dataSource.manager.create(NetworkMembershipEntity, {
          focalPointId: entry.id,
          networkId: (await this.network(network.key)).id,
          role: network.role ?? MembershipRole.ALTERNATE,
        }),
      );
    }
    return entry;
  }

  /** Links an account to an entry, as an approved proposal would. */
  async link(entry: FocalPointEntity, userId: string): Promise<void> {
    await this.dataSource.manager.update(FocalPointEntity, { id: entry.id }, { userId });
  }

  /** A ministry system's API credential (its token), issued by a fresh Secretariat admin. */
  async credential(
    memberStateCode: string,
    networkKeys: string[],
    operations: ApiOperation[],
  ): Promise<string> {
    const users = this.app.api.get(UsersService);
    const admin = await users.create(
      {
        email: `issuer${++this.serial}@reading.example`,
        displayName: 'Issuer',
        role: Role.SECRETARIAT_ADMIN,
        memberStateCode: null,
      },
      'quartz meadow lantern 1987',
    );
    const issued = await this.app.api.get(ApiCredentialsService).issue(
      {
        principal: { user: admin, sessionId: '00000000-0000-4000-8000-000000000000' },
        origin: {},
      },
      { name: `Reading ${this.serial}`, memberStateCode, networkKeys, operations },
    );
    return issued.token;
  }
}

export interface RecordedStatement {
  query: string;
  parameters: unknown[];
}

/**
 * The statements the api's connection pool runs while `during` runs
 * (TypeORM's `afterQuery` event; push it on the DataSource's subscribers),
 * those `keep` selects.
 */
export class StatementRecorder implements EntitySubscriberInterface {
  private recording?: { keep: (query: string) => boolean; seen: RecordedStatement[] };

  afterQuery(event: AfterQueryEvent): void {
    if (!this.recording?.keep(event.query)) return;
    const parameters = Array.isArray(event.parameters) ? (event.parameters as unknown[]) : [];
    this.recording.seen.push({ query: event.query, parameters });
  }

  async during(
    run: () => Promise<unknown>,
    keep: (query: string) => boolean = () => true,
  ): Promise<RecordedStatement[]> {
    const recording = { keep, seen: [] as RecordedStatement[] };
    this.recording = recording;
    try {
      await run();
    } finally {
      this.recording = undefined;
    }
    return recording.seen;
  }

  /** How many statements ran while `run` ran. */
  async count(run: () => Promise<unknown>): Promise<number> {
    return (await this.during(run)).length;
  }
}
