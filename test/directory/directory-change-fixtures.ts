import {
  AuthorityKind,
  Availability,
  ContactChannelKind,
  type DirectoryActor,
  DirectoryDecisions,
  DirectoryEdits,
  DirectoryProposals,
  NetworkAdministration,
  type ProposeDirectoryChangeInput,
} from '@fpn/directory';
import { Role, UsersService } from '@fpn/identity';
import { gql, type TestApp } from '@fpn/testing';

export interface ChangeResult {
  id: string;
  memberStateCode: string;
  kind: string;
  status: string;
  reason: string;
  proposedBy: string;
  decidedBy: string | null;
  decisionReason: string | null;
  payload: string;
  appliedEntityId: string | null;
}

const CHANGE_FIELDS = `
  id
  memberStateCode
  kind
  status
  reason
  proposedBy
  decidedBy
  decisionReason
  payload
  appliedEntityId
`;

export const PROPOSE = gql<
  { proposeDirectoryChange: ChangeResult },
  { input: Record<string, unknown> }
>`
  mutation Propose($input: ProposeDirectoryChangeInput!) {
    proposeDirectoryChange(input: $input) {
      ${CHANGE_FIELDS}
    }
  }
`;

export const APPROVE = gql<{ approveDirectoryChange: ChangeResult }, { id: string; note?: string }>`
  mutation Approve($id: ID!, $note: String) {
    approveDirectoryChange(id: $id, note: $note) {
      ${CHANGE_FIELDS}
    }
  }
`;

export const REJECT = gql<{ rejectDirectoryChange: ChangeResult }, { id: string; reason: string }>`
  mutation Reject($id: ID!, $reason: String!) {
    rejectDirectoryChange(id: $id, reason: $reason) {
      ${CHANGE_FIELDS}
    }
  }
`;

export const WITHDRAW = gql<{ withdrawDirectoryChange: ChangeResult }, { id: string }>`
  mutation Withdraw($id: ID!) {
    withdrawDirectoryChange(id: $id) {
      ${CHANGE_FIELDS}
    }
  }
`;

export const CHANGE = gql<{ directoryChange: ChangeResult }, { id: string }>`
  query Change($id: ID!) {
    directoryChange(id: $id) {
      ${CHANGE_FIELDS}
    }
  }
`;

export const CHANGES = gql<
  { directoryChanges: { entries: ChangeResult[]; nextCursor: string | null } },
  { filter?: Record<string, unknown>; first?: number; after?: string }
>`
  query Changes($filter: DirectoryChangeFilterInput, $first: Int, $after: String) {
    directoryChanges(filter: $filter, first: $first, after: $after) {
      entries {
        ${CHANGE_FIELDS}
      }
      nextCursor
    }
  }
`;

export interface VersionResult {
  entityType: string;
  entityId: string;
  memberStateCode: string | null;
  version: number;
  changes: string;
  actorId: string;
  actorRole: string;
  reason: string | null;
  changeId: string | null;
}

export const HISTORY = gql<
  { directoryHistory: { entries: VersionResult[]; nextCursor: string | null } },
  { entityId: string; first?: number; after?: string }
>`
  query History($entityId: ID!, $first: Int, $after: String) {
    directoryHistory(entityId: $entityId, first: $first, after: $after) {
      entries {
        entityType
        entityId
        memberStateCode
        version
        changes
        actorId
        actorRole
        reason
        changeId
      }
      nextCursor
    }
  }
`;

export const NOTIFICATIONS = gql<{
  notifications: { entries: { kind: string; params: string }[] };
}>`
  {
    notifications(first: 100) {
      entries {
        kind
        params
      }
    }
  }
`;

let serial = 0;

/** A new entry as a coordinator would propose it; `overrides` replace fields. */
export function newEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    newAuthority: {
      nameEn: `Agency ${serial}`,
      nameRu: `Агентство ${serial}`,
      kind: 'POLICE',
    },
    fullName: `Айгерим Нурланова ${serial}`,
    title: 'Head of the duty desk',
    languages: ['ru', 'kk', 'en'],
    timeZone: 'Asia/Almaty',
    availability: 'ROUND_THE_CLOCK',
    contactChannels: [
      { kind: 'EMAIL', value: `duty${serial}@police.example`, note: 'duty desk' },
      { kind: 'MOBILE', value: '+7 701 555 12 34' },
    ],
    memberships: [],
    ...overrides,
  };
}

/**
 * Service-level fixtures for tests about something else (the authorization
 * table): entries and proposals made through the real workflow, by accounts
 * of their own.
 */
export function directoryChangeFixtures(
  app: TestApp,
  /** Coordinators (by state) whose accounts make that state's proposals, e.g. a test's own. */
  proposers: Record<string, { id: string }> = {},
) {
  const users = app.api.get(UsersService);
  const proposals = app.api.get(DirectoryProposals);
  const decisions = app.api.get(DirectoryDecisions);
  const edits = app.api.get(DirectoryEdits);
  const networks = app.api.get(NetworkAdministration);
  const actors = new Map<string, Promise<DirectoryActor>>();
  let count = 0;

  /** One account per role and state, made on first use. */
  function actor(role: Role, state: string | null): Promise<DirectoryActor> {
    const key = `${role}:${state}`;
    if (!actors.has(key)) {
      actors.set(
        key,
        users
          .create(
            {
              email: `${role.toLowerCase()}.${state ?? 'sec'}@change-fixtures.example`,
              displayName: `Fixture ${role}`,
              role,
              memberStateCode: state,
            },
            'quartz meadow lantern 1987',
          )
          .then((user) => ({ user, origin: {} })),
      );
    }
    return actors.get(key)!;
  }

  const input = (state: string, change: Partial<ProposeDirectoryChangeInput>) =>
    ({
      memberStateCode: state,
      reason: 'Fixture change',
      ...change,
    }) as ProposeDirectoryChangeInput;

  /** An approved, active entry of `state`, in no network and without an account. */
  async function focalPoint(state: string): Promise<{ id: string }> {
    const change = await proposals.propose(
      await actor(Role.STATE_COORDINATOR, state),
      input(state, {
        addFocalPoint: {
          newAuthority: { nameEn: `Fixture agency ${++count}`, kind: AuthorityKind.POLICE },
          fullName: `Fixture person ${count}`,
          title: 'Liaison officer',
          languages: ['en'],
          timeZone: 'Asia/Almaty',
          availability: Availability.OFFICE_HOURS,
          contactChannels: [{ kind: ContactChannelKind.EMAIL, value: `p${count}@fixture.example` }],
          memberships: [],
        },
      }),
    );
    const approved = await decisions.approve(await actor(Role.SECRETARIAT_ADMIN, null), change.id);
    return { id: approved.appliedEntityId! };
  }

  return {
    /** A fresh name, for what must be unique. */
    uniqueName: () => `fixture-${++count}`,

    /** A pending proposal of `state` (a new authority), by the state's proposer or a fixture coordinator. */
    async proposal(state: string): Promise<{ id: string }> {
      const proposer = proposers[state];
      const by = proposer
        ? {
            user: { id: proposer.id, role: Role.STATE_COORDINATOR, memberStateCode: state },
            origin: {},
          }
        : await actor(Role.STATE_COORDINATOR, state);
      const change = await proposals.propose(
        by,
        input(state, {
          addAuthority: { nameEn: `Fixture authority ${++count}`, kind: AuthorityKind.CUSTOMS },
        }),
      );
      return { id: change.id };
    },

    focalPoint,

    /** An entry of `state` the Secretariat has suspended. */
    async suspendedFocalPoint(state: string): Promise<{ id: string }> {
      const { id } = await focalPoint(state);
      await edits.suspend(await actor(Role.SECRETARIAT_ADMIN, null), id, 'Fixture suspension');
      return { id };
    },

    /** A network of its own, by key. */
    async network(): Promise<{ key: string }> {
      const key = `fixture-network-${++count}`;
      await networks.create(await actor(Role.SECRETARIAT_ADMIN, null), {
        key,
        nameEn: `Fixture network ${count}`,
        nameRu: `Тестовая сеть ${count}`,
      });
      return { key };
    },
  };
}
