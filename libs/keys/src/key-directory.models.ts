import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toBase64Url } from '@fpn/crypto';
import { type DeviceEntity, DeviceRevocationReason, DeviceStatus } from './device.entity';
import type { IdentityKeyChangeEntity } from './identity-key-change.entity';
import type { IdentityKeyEntity } from './identity-key.entity';
import type { IdentityKeyChangeEvent } from './key-change-announcer';

registerEnumType(DeviceStatus, {
  name: 'DeviceStatus',
  description: 'Whether a device may receive.',
});
registerEnumType(DeviceRevocationReason, {
  name: 'DeviceRevocationReason',
  description: 'Why a device was revoked.',
});

@ObjectType('IdentityKey', { description: "An account's current Ed25519 identity key (public)." })
export class IdentityKeyModel {
  @Field(() => ID)
  userId!: string;

  @Field({ description: 'Ed25519 public key, 32 bytes, base64url.' })
  publicKey!: string;

  @Field()
  registeredAt!: Date;

  static fromEntity(entity: IdentityKeyEntity): IdentityKeyModel {
    return Object.assign(new IdentityKeyModel(), {
      userId: entity.userId,
      publicKey: toBase64Url(entity.publicKey),
      registeredAt: entity.registeredAt,
    });
  }
}

@ObjectType('DeviceCertificate', {
  description:
    "The identity key's signed statement binding a device's keys to its account (docs/protocol.md). Check it against the pinned identity key.",
})
export class DeviceCertificateModel {
  @Field(() => Int)
  version!: number;

  @Field(() => ID)
  accountId!: string;

  @Field()
  deviceId!: string;

  @Field({ description: 'Ed25519, base64url.' })
  signingPublicKey!: string;

  @Field({ description: 'X25519, base64url.' })
  encryptionPublicKey!: string;

  @Field({ description: 'UTC, millisecond ISO 8601, exactly as signed.' })
  issuedAt!: string;

  @Field({ description: 'Ed25519 by the identity key, base64url.' })
  signature!: string;
}

@InputType('DeviceCertificateInput', { description: 'A device certificate as the SDK writes it.' })
export class DeviceCertificateInput {
  @Field(() => Int)
  version!: number;

  @Field(() => ID)
  accountId!: string;

  @Field()
  deviceId!: string;

  @Field()
  signingPublicKey!: string;

  @Field()
  encryptionPublicKey!: string;

  @Field()
  issuedAt!: string;

  @Field()
  signature!: string;
}

@ObjectType('Device', { description: "A device's public keys and status." })
export class DeviceModel {
  @Field()
  deviceId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => DeviceStatus)
  status!: DeviceStatus;

  @Field()
  registeredAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => DeviceRevocationReason, { nullable: true })
  revocationReason!: DeviceRevocationReason | null;

  @Field(() => DeviceCertificateModel)
  certificate!: DeviceCertificateModel;

  @Field({
    description:
      'Whether a ministry system reads through this device (bound to an API credential): a sender can tell that a machine, not a person, will receive.',
  })
  ministrySystem!: boolean;

  static fromEntity(entity: DeviceEntity): DeviceModel {
    return Object.assign(new DeviceModel(), {
      ministrySystem: entity.apiCredentialId !== null,
      deviceId: entity.deviceId,
      userId: entity.userId,
      status: entity.status,
      registeredAt: entity.registeredAt,
      revokedAt: entity.revokedAt,
      revocationReason: entity.revocationReason,
      certificate: Object.assign(new DeviceCertificateModel(), {
        version: entity.certificateVersion,
        accountId: entity.userId,
        deviceId: entity.deviceId,
        signingPublicKey: toBase64Url(entity.signingPublicKey),
        encryptionPublicKey: toBase64Url(entity.encryptionPublicKey),
        issuedAt: entity.issuedAt.toISOString(),
        signature: toBase64Url(entity.certificateSignature),
      }),
    });
  }

  /** As JSON carries it (`fromJson` reads it back). */
  static toJson(model: DeviceModel): DeviceModelJson {
    return {
      ...model,
      registeredAt: model.registeredAt.toISOString(),
      revokedAt: model.revokedAt?.toISOString() ?? null,
    };
  }

  /** The model again from its JSON (`toJson`, or `JSON.stringify`: dates as ISO 8601 text). */
  static fromJson(json: DeviceModelJson): DeviceModel {
    return Object.assign(new DeviceModel(), {
      ...json,
      registeredAt: new Date(json.registeredAt),
      revokedAt: json.revokedAt === null ? null : new Date(json.revokedAt),
      certificate: Object.assign(new DeviceCertificateModel(), json.certificate),
    });
  }
}

/** A DeviceModel as JSON carries it: in a published message, a webhook's body. */
export type DeviceModelJson = Omit<DeviceModel, 'registeredAt' | 'revokedAt'> & {
  registeredAt: string;
  revokedAt: string | null;
};

@ObjectType('IdentityKeyChange', {
  description: 'An account replaced its identity key: compare safety numbers again.',
})
export class IdentityKeyChangeModel {
  @Field(() => ID)
  userId!: string;

  @Field({ description: 'The replaced key, base64url.' })
  previousPublicKey!: string;

  @Field({ description: 'The new key, base64url.' })
  publicKey!: string;

  @Field()
  changedAt!: Date;

  static fromEntity(
    entity: IdentityKeyChangeEntity & { previousKey: IdentityKeyEntity; newKey: IdentityKeyEntity },
  ): IdentityKeyChangeModel {
    return Object.assign(new IdentityKeyChangeModel(), {
      userId: entity.userId,
      previousPublicKey: toBase64Url(entity.previousKey.publicKey),
      publicKey: toBase64Url(entity.newKey.publicKey),
      changedAt: entity.changedAt,
    });
  }

  static fromEvent(event: IdentityKeyChangeEvent): IdentityKeyChangeModel {
    return Object.assign(new IdentityKeyChangeModel(), {
      userId: event.userId,
      previousPublicKey: event.previousPublicKey,
      publicKey: event.publicKey,
      changedAt: new Date(event.changedAt),
    });
  }
}
