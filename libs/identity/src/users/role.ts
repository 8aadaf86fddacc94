import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  SECRETARIAT_ADMIN = 'SECRETARIAT_ADMIN',
  SECRETARIAT_OFFICER = 'SECRETARIAT_OFFICER',
  STATE_COORDINATOR = 'STATE_COORDINATOR',
  FOCAL_POINT = 'FOCAL_POINT',
}

export enum UserStatus {
  ACTIVE = 'active',
  SUSPENDED = 'suspended',
}

registerEnumType(Role, { name: 'Role', description: 'What a person may do in the network.' });
registerEnumType(UserStatus, { name: 'UserStatus' });

/** Roles bound to one member state. */
export const STATE_BOUND_ROLES: readonly Role[] = [Role.STATE_COORDINATOR, Role.FOCAL_POINT];

export const isSecretariat = (role: Role) =>
  role === Role.SECRETARIAT_ADMIN || role === Role.SECRETARIAT_OFFICER;
