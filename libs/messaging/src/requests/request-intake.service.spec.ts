import { DomainError } from '@fpn/core';
import type { AuditService } from '@fpn/audit';
import type { DataSource } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';
import { MessageCategory, MessagePriority } from '../entities/messaging-enums';
import { RequestIntake } from './request-intake.service';
import type { RequestPolicies } from './request-policies.service';
import { DEFAULT_REQUEST_POLICY } from './request-policy';

const NOW = new Date('2026-03-02T08:00:00Z');
const caller: MessagingCaller = {
  kind: 'account',
  userId: 'u-kz',
  role: 'FOCAL_POINT' as never,
  memberStateCode: 'KZ',
  secretariat: false,
};

function intake() {
  const query = jest.fn();
  const dataSource = { query, manager: {} } as unknown as DataSource;
  const policies = {
    forNetwork: jest.fn().mockResolvedValue({ ...DEFAULT_REQUEST_POLICY }),
  } as unknown as RequestPolicies;
  return { service: new RequestIntake(dataSource, policies, {} as AuditService), query };
}

const send = {
  threadId: 't-1',
  networkId: 'n-1',
  inReplyTo: null,
  category: MessageCategory.REQUEST_FOR_ASSISTANCE,
  priority: MessagePriority.URGENT,
  signedDueDate: null,
  members: [
    { userId: 'u-uz', memberStateCode: 'UZ' },
    { userId: 'u-kz2', memberStateCode: 'KZ' },
    { userId: 'u-tj', memberStateCode: 'TJ' },
    { userId: 'u-sec', memberStateCode: null },
  ],
  now: NOW,
};

describe('RequestIntake.prepare', () => {
  it('opens a request to the addressed states other than the sender’s, due by the policy', async () => {
    const { service } = intake();
    await expect(service.prepare(caller, { ...send, directlyAccessible: true })).resolves.toEqual({
      kind: 'open',
      networkId: 'n-1',
      directlyAccessible: true,
      dueAt: new Date(NOW.getTime() + 8 * 3_600_000),
      dueChosenBySender: false,
      memberStateCodes: ['TJ', 'UZ'],
    });
  });

  it('refuses an answer flag on a message that is not a reply, before reading anything', async () => {
    const { service, query } = intake();
    await expect(
      service.prepare(caller, { ...send, category: MessageCategory.NOTICE, isAnswer: true }),
    ).rejects.toMatchObject({ details: { field: 'isAnswer', reason: 'ANSWER_NOT_A_REPLY' } });
    expect(query).not.toHaveBeenCalled();
  });

  it('refuses directlyAccessible on a message that is not a request', async () => {
    const { service } = intake();
    await expect(
      service.prepare(caller, { ...send, inReplyTo: 'm-0', directlyAccessible: false }),
    ).rejects.toBeInstanceOf(DomainError);
  });

  it('refuses a due date in the past', async () => {
    const { service } = intake();
    await expect(
      service.prepare(caller, { ...send, signedDueDate: new Date(NOW.getTime() - 1) }),
    ).rejects.toMatchObject({ details: { reason: 'DUE_DATE_IN_PAST' } });
  });

  it('leaves other traffic alone', async () => {
    const { service } = intake();
    await expect(
      service.prepare(caller, { ...send, category: MessageCategory.ALERT }),
    ).resolves.toBeNull();
  });
});
