import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType, AuditService } from '@fpn/audit';
import { DomainError, ErrorCode } from '@fpn/core';
import { isSecretariat, Role } from '@fpn/identity';
import { DataSource } from 'typeorm';
import { DEFAULT_CONFIRMATION_INTERVAL_DAYS, NetworkEntity } from '../networks/network.entity';
import { DirectoryEntityType } from '../history/directory-version.entity';
import { DirectoryVersions } from '../history/directory-versions.service';
import { creationFields, diffFields } from '../history/version-diff';
import { refusingDuplicates } from './directory-checks';
import { actorEvent, type DirectoryActor } from './directory-actor';
import type { NetworkUpdateInput, NewNetworkInput } from './directory-change.inputs';
import {
  badInput,
  LIMITS,
  optionalReason,
  validLine,
  validNetworkKey,
} from './directory-validation';

/** As the column's default (DESIGN §3.1: about six months). */
const INTERVAL_MIN_DAYS = 7;
const INTERVAL_MAX_DAYS = 730;

function validInterval(days: number, field: string): number {
  if (!Number.isInteger(days) || days < INTERVAL_MIN_DAYS || days > INTERVAL_MAX_DAYS) {
    throw badInput(
      field,
      `The confirmation interval must be ${INTERVAL_MIN_DAYS} to ${INTERVAL_MAX_DAYS} days`,
    );
  }
  return days;
}

const subject = (network: NetworkEntity) => ({
  type: 'network',
  id: network.id,
  memberState: null,
});

/**
 * Networks the Secretariat adds for newly approved measures, and their names
 * and confirmation interval. A network's key never changes: clients,
 * credentials and memberships name it. Audited and versioned.
 */
@Injectable()
export class NetworkAdministration {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly versions: DirectoryVersions,
  ) {}

  /** Secretariat administrators only. */
  async create(actor: DirectoryActor, input: NewNetworkInput): Promise<NetworkEntity> {
    if (actor.user.role !== Role.SECRETARIAT_ADMIN) {
      throw new DomainError(ErrorCode.Forbidden, 'Only a Secretariat administrator adds networks');
    }
    const fields = {
      key: validNetworkKey(input.key, 'input.key'),
      nameEn: validLine(input.nameEn, 'input.nameEn', { max: LIMITS.networkName }),
      nameRu: validLine(input.nameRu, 'input.nameRu', { max: LIMITS.networkName }),
      confirmationIntervalDays: validInterval(
        input.confirmationIntervalDays ?? DEFAULT_CONFIRMATION_INTERVAL_DAYS,
        'input.confirmationIntervalDays',
      ),
    };
    const reason = optionalReason(input.reason, 'input.reason');
    return this.dataSource.transaction(async (manager) => {
      const conflict = new DomainError(
        ErrorCode.Conflict,
        `A network with the key "${fields.key}" exists`,
        { field: 'input.key' },
      );
      if (await manager.existsBy(NetworkEntity, { key: fields.key })) throw conflict;
      const network = manager.create(NetworkEntity, fields);
      await refusingDuplicates(() => manager.save(network), conflict.message);
      const version = await this.versions.record(manager, {
        entityType: DirectoryEntityType.NETWORK,
        entityId: network.id,
        memberStateCode: null,
        version: 1,
        changes: creationFields(fields),
        actor: { id: actor.user.id, role: actor.user.role },
        reason,
      });
      await this.audit.record(
        manager,
        actorEvent(actor, AuditEventType.NETWORK_CREATED, subject(network), {
          key: network.key,
          version: version.version,
        }),
      );
      return network;
    });
  }

  /** The Secretariat: names and the confirmation interval. */
  async update(
    actor: DirectoryActor,
    key: string,
    input: NetworkUpdateInput,
  ): Promise<NetworkEntity> {
    if (!isSecretariat(actor.user.role)) {
      throw new DomainError(ErrorCode.Forbidden, 'Only the Secretariat changes networks');
    }
    const set: Partial<Pick<NetworkEntity, 'nameEn' | 'nameRu' | 'confirmationIntervalDays'>> = {};
    if (input.nameEn != null) {
      set.nameEn = validLine(input.nameEn, 'input.nameEn', { max: LIMITS.networkName });
    }
    if (input.nameRu != null) {
      set.nameRu = validLine(input.nameRu, 'input.nameRu', { max: LIMITS.networkName });
    }
    if (input.confirmationIntervalDays != null) {
      set.confirmationIntervalDays = validInterval(
        input.confirmationIntervalDays,
        'input.confirmationIntervalDays',
      );
    }
    if (Object.keys(set).length === 0) throw badInput('input', 'Name at least one field to change');
    const reason = optionalReason(input.reason, 'input.reason');
    return this.dataSource.transaction(async (manager) => {
      const network = await manager.findOne(NetworkEntity, {
        where: { key: key.trim() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!network) {
        throw new DomainError(ErrorCode.NotFound, `Network "${key}" does not exist`, {
          what: 'Network',
          key,
        });
      }
      const changes = diffFields(
        {
          nameEn: network.nameEn,
          nameRu: network.nameRu,
          confirmationIntervalDays: network.confirmationIntervalDays,
        },
        set,
      );
      if (Object.keys(changes).length === 0) {
        throw badInput('input', 'The network already has these values');
      }
      await manager.update(NetworkEntity, { id: network.id }, set);
      Object.assign(network, set);
      const version = await this.versions.record(manager, {
        entityType: DirectoryEntityType.NETWORK,
        entityId: network.id,
        memberStateCode: null,
        changes,
        actor: { id: actor.user.id, role: actor.user.role },
        reason,
      });
      await this.audit.record(
        manager,
        actorEvent(actor, AuditEventType.NETWORK_UPDATED, subject(network), {
          key: network.key,
          version: version.version,
          fields: Object.keys(changes),
        }),
      );
      return network;
    });
  }
}
