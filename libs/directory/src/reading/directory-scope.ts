import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuthenticatedRequest, CallerScope, isSecretariat, Role } from '@fpn/identity';
import { DataSource } from 'typeorm';
import { FocalPointStatus } from '../focal-points/focal-point.entity';
import { NetworkEntity } from '../networks/network.entity';
import { DirectoryCache } from './directory-cache';
import type { DirectoryReader } from './directory-reader';
import { EntityRows } from './entry-rows';

/**
 * Resolves a request's caller to what they may read of the directory: a
 * `DirectoryReader`, and the identity library's `CallerScope` with the focal
 * point's own networks (`CallerScope.ofUser(user, networkKeys)`) — how "own
 * networks" plugs into the policy framework. Resolved once per request and kept
 * with the request object, so a page of any size costs the same: the
 * directory's generation (one row), then the networks and the caller's own
 * entry as kept under it, read only when the directory changed since.
 */
@Injectable()
export class DirectoryScope {
  private readonly readers = new WeakMap<object, Promise<DirectoryReader>>();

  private readonly networkRows: EntityRows<NetworkEntity>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: DirectoryCache,
  ) {
    this.networkRows = new EntityRows(dataSource, NetworkEntity);
  }

  /** The reader behind a request the PolicyGuard authenticated. */
  readerOf(request: AuthenticatedRequest): Promise<DirectoryReader> {
    let reader = this.readers.get(request);
    if (!reader) {
      reader = this.resolve(request);
      this.readers.set(request, reader);
    }
    return reader;
  }

  /** The caller's object scope, with a linked focal point's network keys. */
  async callerScopeOf(request: AuthenticatedRequest): Promise<CallerScope> {
    return (await this.readerOf(request)).scope;
  }

  private async resolve(request: AuthenticatedRequest): Promise<DirectoryReader> {
    const generation = await this.cache.generationOf(request);
    const networksById = await this.cache.read(
      generation,
      'networks',
      (networks) => networks.size,
      () => this.networks(),
    );
    const networks = new Map(
      [...networksById.values()].map((network) => [network.key, network.id]),
    );
    if (request.credential) {
      const { credential } = request;
      return {
        kind: 'credential',
        scope: CallerScope.ofCredential(credential),
        networks,
        networksById,
        generation,
        memberStateCode: credential.memberStateCode,
        networkIds: credential.networkKeys.flatMap((key) => networks.get(key) ?? []),
      };
    }
    if (!request.principal) {
      throw new Error('no authenticated caller on the request: the operation must not be public');
    }
    const { user } = request.principal;
    if (isSecretariat(user.role)) {
      return {
        kind: 'secretariat',
        scope: CallerScope.secretariat(),
        networks,
        networksById,
        generation,
      };
    }
    const own = await this.cache.read(
      generation,
      `own-entry\u0000${user.id}`,
      (entry) => 1 + entry.networkIds.length,
      () => this.ownEntry(user.id),
    );
    const keyOf = new Map([...networks].map(([key, id]) => [id, key]));
    const networkKeys = own.networkIds.flatMap((id) => keyOf.get(id) ?? []);
    const scope = CallerScope.ofUser(user, networkKeys);
    const memberStateCode = scope.memberStateCode!;
    if (user.role === Role.STATE_COORDINATOR) {
      return { kind: 'coordinator', scope, networks, networksById, generation, memberStateCode };
    }
    return {
      kind: 'focal-point',
      scope,
      networks,
      networksById,
      generation,
      memberStateCode,
      ownEntryId: own.id,
      networkIds: own.networkIds,
    };
  }

  /** Every network by id: a handful of rows. */
  private async networks(): Promise<ReadonlyMap<string, NetworkEntity>> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>('SELECT * FROM network');
    return new Map(
      rows.map((row) => {
        const network = this.networkRows.hydrate(row);
        return [network.id, network];
      }),
    );
  }

  /** The account's linked entry and, while it is active, its networks. */
  private async ownEntry(userId: string): Promise<{ id: string | null; networkIds: string[] }> {
    const rows = await this.dataSource.query<
      { id: string; status: FocalPointStatus; network_id: string | null }[]
    >(
      `SELECT fp.id, fp.status, m.network_id
         FROM focal_point fp
         LEFT JOIN network_membership m ON m.focal_point_id = fp.id
        WHERE fp.user_id = $1`,
      [userId],
    );
    if (!rows.length) return { id: null, networkIds: [] };
    const active = rows[0].status === FocalPointStatus.ACTIVE;
    return {
      id: rows[0].id,
      networkIds: active ? rows.flatMap((row) => row.network_id ?? []) : [],
    };
  }
}
