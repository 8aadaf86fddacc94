import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { UserEntity, UserStatus } from '@fpn/identity';
import { DataSource, In, IsNull, type SelectQueryBuilder } from 'typeorm';
import { DeviceEntity, DeviceStatus } from './device.entity';
import { IdentityKeyChangeEntity } from './identity-key-change.entity';
import { IdentityKeyEntity } from './identity-key.entity';
import { type KeyReader, visibleAccounts } from './key-scope';

/** The most accounts one read may ask about. */
export const MAX_KEY_LOOKUP = 500;

/** The most key changes one read returns (oldest first: page on with `since`). */
export const MAX_KEY_CHANGES = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type KeyChangeRecord = IdentityKeyChangeEntity & {
  previousKey: IdentityKeyEntity;
  newKey: IdentityKeyEntity;
};

/**
 * Reading the key directory to encrypt: the keys of the accounts a reader
 * may address (docs/keys.md, "Who reads whose keys"). Whoever is out of
 * scope is left out silently; only a network outside the reader's is refused.
 */
@Injectable()
export class KeyReading {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The current identity keys of the accounts the reader may address. */
  async identityKeys(reader: KeyReader, userIds: readonly string[]): Promise<IdentityKeyEntity[]> {
    const visible = await this.visibleAmong(reader, userIds);
    if (visible.length === 0) return [];
    return this.dataSource.manager.find(IdentityKeyEntity, {
      where: { userId: In(visible), replacedAt: IsNull() },
      order: { userId: 'ASC' },
    });
  }

  /** The active devices of the (active) accounts the reader may address. */
  async deviceKeys(reader: KeyReader, userIds: readonly string[]): Promise<DeviceEntity[]> {
    const visible = await this.visibleAmong(reader, userIds);
    if (visible.length === 0) return [];
    return this.activeDevices().andWhere('d.user_id IN (:...visible)', { visible }).getMany();
  }

  /**
   * The active devices of every active focal point of a network. The
   * Secretariat reads any network; a person only one their own entry belongs
   * to, a ministry system only one its credential names (else FORBIDDEN).
   */
  async networkDeviceKeys(reader: KeyReader, networkKey: string): Promise<DeviceEntity[]> {
    const [network] = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM network WHERE key = $1',
      [networkKey],
    );
    if (!network) throw new NotFoundError('Network', networkKey);
    if (!(await this.readsNetwork(reader, network.id, networkKey))) {
      throw new DomainError(
        ErrorCode.Forbidden,
        reader.kind === 'credential'
          ? 'This API credential is not issued for this network'
          : 'You are not a member of this network',
      );
    }
    return this.activeDevices()
      .andWhere(
        `d.user_id IN (SELECT fp.user_id FROM focal_point fp
                         JOIN network_membership m ON m.focal_point_id = fp.id
                        WHERE m.network_id = :networkId AND fp.status = 'active'
                          AND fp.user_id IS NOT NULL)`,
        { networkId: network.id },
      )
      .getMany();
  }

  /** Key changes of the accounts the reader may address, oldest first. */
  async keyChanges(reader: KeyReader, since: Date | null): Promise<KeyChangeRecord[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(IdentityKeyChangeEntity, 'c')
      .innerJoinAndSelect('c.previousKey', 'previous')
      .innerJoinAndSelect('c.newKey', 'next')
      .orderBy('c.changed_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(MAX_KEY_CHANGES);
    if (since) query.andWhere('c.changed_at > :since', { since });
    const visible = visibleAccounts(reader);
    if (visible) query.andWhere(`c.user_id IN (${visible.sql})`, visible.params);
    return (await query.getMany()) as KeyChangeRecord[];
  }

  /**
   * Devices that may receive: active, of an active account, and — for a
   * ministry system's device — while its API credential is unrevoked and
   * unexpired. Checked here in SQL, since the identity library, which revokes
   * credentials, knows nothing of devices.
   */
  private activeDevices(): SelectQueryBuilder<DeviceEntity> {
    return this.dataSource.manager
      .createQueryBuilder(DeviceEntity, 'd')
      .innerJoin(UserEntity, 'u', 'u.id = d.user_id')
      .leftJoin('api_credential', 'credential', 'credential.id = d.api_credential_id')
      .where('d.status = :active', { active: DeviceStatus.ACTIVE })
      .andWhere('u.status = :userActive', { userActive: UserStatus.ACTIVE })
      .andWhere(
        `(d.api_credential_id IS NULL
          OR (credential.revoked_at IS NULL AND credential.expires_at > :now))`,
        { now: this.clock.now() },
      )
      .orderBy('d.user_id', 'ASC')
      .addOrderBy('d.device_id', 'ASC');
  }

  private async readsNetwork(
    reader: KeyReader,
    networkId: string,
    networkKey: string,
  ): Promise<boolean> {
    switch (reader.kind) {
      case 'secretariat':
        return true;
      case 'credential':
        return reader.networkKeys.includes(networkKey);
      case 'account': {
        const [member] = await this.dataSource.query<unknown[]>(
          `SELECT 1 FROM focal_point fp
             JOIN network_membership m ON m.focal_point_id = fp.id
            WHERE fp.user_id = $1 AND fp.status = 'active' AND m.network_id = $2`,
          [reader.userId, networkId],
        );
        return Boolean(member);
      }
    }
  }

  /** Of `userIds`, those the reader may address: anyone for the Secretariat. */
  private async visibleAmong(reader: KeyReader, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length > MAX_KEY_LOOKUP) {
      throw new DomainError(ErrorCode.BadUserInput, `Ask for at most ${MAX_KEY_LOOKUP} accounts`, {
        field: 'userIds',
      });
    }
    const wanted = [...new Set(userIds.filter((id) => UUID.test(id)))];
    if (wanted.length === 0) return [];
    const visible = visibleAccounts(reader);
    if (!visible) return wanted;
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('wanted.id', 'id')
      .from(UserEntity, 'wanted')
      .where('wanted.id IN (:...wanted)', { wanted })
      .andWhere(`wanted.id IN (${visible.sql})`, visible.params)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}
