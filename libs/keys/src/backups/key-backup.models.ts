import { Field, Int, ObjectType } from '@nestjs/graphql';
import { toBase64Url } from '@fpn/crypto';
import { entryCursor } from './key-backup-input';
import type { KeyBackupPage } from './key-backups.service';

@ObjectType('KeyBackupEntry', { description: 'One sealed entry, as a device appended it.' })
export class KeyBackupEntryModel {
  @Field({ description: 'Pass as `after` to continue after this entry.' })
  cursor!: string;

  @Field({ description: 'The sealed entry, base64url, exactly as appended.' })
  sealed!: string;

  @Field()
  appendedAt!: Date;
}

@ObjectType('KeyBackup', {
  description:
    'Your current key backup, for restoring on a new device: verify the certificate against your pinned identity key (docs/protocol.md §7).',
})
export class KeyBackupModel {
  @Field({
    description: 'The backup key certificate, JSON as `backupKeyCertificateToJson` writes it.',
  })
  backupKeyCertificate!: string;

  @Field({ description: 'The identity key sealed to the backup key, base64url.' })
  sealedIdentityKey!: string;

  @Field({ description: 'The identity public key the certificate verified against, base64url.' })
  identityPublicKey!: string;

  @Field()
  publishedAt!: Date;

  @Field(() => [KeyBackupEntryModel], { description: 'A page of entries, oldest first.' })
  entries!: KeyBackupEntryModel[];

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last entry of this page.',
  })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;

  @Field(() => Int, { description: 'Entries of this backup in all.' })
  totalCount!: number;

  static fromPage(page: KeyBackupPage): KeyBackupModel {
    const entries = page.entries.map((entry) =>
      Object.assign(new KeyBackupEntryModel(), {
        cursor: entryCursor(entry.id),
        sealed: toBase64Url(entry.sealed),
        appendedAt: entry.appendedAt,
      }),
    );
    return Object.assign(new KeyBackupModel(), {
      backupKeyCertificate: page.backup.certificate,
      sealedIdentityKey: toBase64Url(page.backup.sealedIdentity),
      identityPublicKey: toBase64Url(page.identityPublicKey),
      publishedAt: page.backup.publishedAt,
      entries,
      endCursor: entries.at(-1)?.cursor ?? null,
      hasNextPage: page.hasNextPage,
      totalCount: page.totalCount,
    });
  }
}

@ObjectType('KeyBackupPublished', { description: 'A key backup, now your current one.' })
export class KeyBackupPublishedModel {
  @Field()
  publishedAt!: Date;

  @Field({ description: 'The identity public key the certificate verified against, base64url.' })
  identityPublicKey!: string;
}
