import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Authenticated } from '@fpn/core';
import { toBase64Url } from '@fpn/crypto';
import { CurrentPrincipal, originOf, type Principal } from '@fpn/identity';
import { MAX_ENTRIES_PAGE } from './key-backup-input';
import { KeyBackupModel, KeyBackupPublishedModel } from './key-backup.models';
import { KeyBackups } from './key-backups.service';

/**
 * Key backups: every person who sends or receives (all four roles) keeps
 * their own; nobody reads another's. Ministry systems are not served here.
 */
@Resolver()
export class KeyBackupsResolver {
  constructor(private readonly backups: KeyBackups) {}

  @Mutation(() => KeyBackupPublishedModel, {
    description:
      'Publish your key backup: a backup key certificate (JSON) your current identity key signed, and your identity key sealed to the backup key (base64url). It replaces your current backup; the old one stays on record.',
  })
  @Authenticated()
  async publishKeyBackup(
    @CurrentPrincipal() principal: Principal,
    @Args('backupKeyCertificate') backupKeyCertificate: string,
    @Args('sealedIdentityKey') sealedIdentityKey: string,
    @Context('req') request: Request,
  ): Promise<KeyBackupPublishedModel> {
    const { backup, identityPublicKey } = await this.backups.publish(
      principal,
      backupKeyCertificate,
      sealedIdentityKey,
      originOf(request),
    );
    return Object.assign(new KeyBackupPublishedModel(), {
      publishedAt: backup.publishedAt,
      identityPublicKey: toBase64Url(identityPublicKey),
    });
  }

  @Mutation(() => Int, {
    description:
      'Append sealed entries (base64url, at most 500, each at most 1024 bytes) to your current key backup. Returns how many were appended. Entries are never changed or removed.',
  })
  @Authenticated()
  async appendKeyBackupEntries(
    @CurrentPrincipal() principal: Principal,
    @Args('entries', { type: () => [String] }) entries: string[],
    @Context('req') request: Request,
  ): Promise<number> {
    return this.backups.append(principal, entries, originOf(request));
  }

  @Query(() => KeyBackupModel, {
    nullable: true,
    description:
      'Your current key backup with a page of its entries (oldest first), to restore on a new device.',
  })
  @Authenticated()
  async myKeyBackup(
    @CurrentPrincipal() principal: Principal,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('first', { type: () => Int, defaultValue: MAX_ENTRIES_PAGE }) first: number,
  ): Promise<KeyBackupModel | null> {
    const page = await this.backups.mine(principal, after ?? null, first);
    return page ? KeyBackupModel.fromPage(page) : null;
  }
}
