import {
  AuthorityEntity,
  AuthorityKind,
  Availability,
  FocalPointEntity,
  FocalPointStatus,
  MembershipRole,
  NetworkEntity,
  NetworkMembershipEntity,
} from '@fpn/directory';
import { Language } from '@fpn/core';
import { UserEntity } from '@fpn/identity';
import { QueueName, QueueProducer } from '@fpn/queue';
import { eventually, signInTestAccount, type TestAccount, type TestApp } from '@fpn/testing';
import { DataSource } from 'typeorm';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Test environment for deadline work: only the sweeps a test queues, and many sign-ins. */
export const DEADLINE_TEST_ENV = {
  SWEEP_INTERVAL_SECONDS: '3600',
  SIGNIN_FREE_ATTEMPTS_PER_ADDRESS: '10000',
  SIGNIN_FREE_ATTEMPTS_PER_ACCOUNT: '100',
};

/**
 * A directory entry, inserted as an approved proposal would leave it (the
 * proposal workflow is tested on its own). `networks` are keys.
 */
export async function insertFocalPoint(
  app: TestApp,
  entry: {
    state: string;
    fullName: string;
    networks: string[];
    userId?: string | null;
    status?: FocalPointStatus;
    lastConfirmedAt?: Date;
  },
): Promise<string> {
  return app.api.get(DataSource).transaction(async (manager) => {
    let authority = await manager.findOneBy(AuthorityEntity, {
      memberStateCode: entry.state,
      nameEn: 'Ministry of Internal Affairs',
    });
    authority ??= await manager.save(
      manager.create(AuthorityEntity, {
        memberStateCode: entry.state,
        nameEn: 'Ministry of Internal Affairs',
        nameRu: 'Министерство внутренних дел',
        kind: AuthorityKind.POLICE,
      }),
    );
    const focalPoint = await manager.save(
      manager.create(FocalPointEntity, {
        memberStateCode: entry.state,
        authorityId: authority.id,
        fullName: entry.fullName,
        title: 'Head of international cooperation',
        languages: ['ru', 'en'],
        timeZone: 'Asia/Almaty',
        availability: Availability.OFFICE_HOURS,
        contactChannels: [],
        status: entry.status ?? FocalPointStatus.ACTIVE,
        lastConfirmedAt: entry.lastConfirmedAt ?? app.clock.now(),
        userId: entry.userId ?? null,
      }),
    );
    for (const [index, key] of entry.networks.entries()) {
      const network = await manager.findOneByOrFail(NetworkEntity, { key });
      await manager.insert(NetworkMembershipEntity, {
        focalPointId: focalPoint.id,
        networkId: network.id,
        role: index === 0 ? MembershipRole.PRIMARY : MembershipRole.ALTERNATE,
      });
    }
    return focalPoint.id;
  });
}

/** E-mails in Russian for this account. */
export async function writesInRussian(app: TestApp, account: TestAccount): Promise<void> {
  await app.api
    .get(DataSource)
    .manager.update(UserEntity, { id: account.id }, { language: Language.RU });
}

/**
 * Runs the deadline sweep at the test clock's time, as the schedule would, and
 * waits until it (and any sweep running beside it) has finished.
 */
export async function sweepNow(app: TestApp): Promise<void> {
  const queue = app.api.get(QueueProducer).queue(QueueName.Maintenance);
  const job = await queue.add('sweep', { trigger: 'manual' });
  await eventually(async () => {
    const state = await job.getState();
    if (state === 'failed') {
      const failed = await queue.getJob(job.id!);
      throw new Error(`the sweep failed: ${failed?.failedReason}`);
    }
    return state === 'completed' && (await queue.getActiveCount()) === 0 ? true : undefined;
  }, 20_000);
}

/** Access tokens follow the test clock: after moving it, sign in again. */
export async function clientOf(app: TestApp, account: TestAccount) {
  return (await signInTestAccount(app, account)).client;
}
