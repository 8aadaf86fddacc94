import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { DataSource, type EntityManager } from 'typeorm';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { assertAcceptablePassword } from '../passwords/password-policy';
import { Role, STATE_BOUND_ROLES, UserStatus } from './role';
import { UserEntity } from './user.entity';

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  memberStateCode?: string | null;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

/** The account's fields, normalised, or BAD_USER_INPUT naming the field at fault. */
export function validateNewUser(input: NewUser): Required<NewUser> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email)) {
    throw new DomainError(ErrorCode.BadUserInput, 'E-mail address is not valid', {
      field: 'email',
    });
  }
  const displayName = input.displayName.trim();
  if (displayName.length < 2 || displayName.length > 200) {
    throw new DomainError(ErrorCode.BadUserInput, 'Name must be 2 to 200 characters', {
      field: 'displayName',
    });
  }
  const bound = STATE_BOUND_ROLES.includes(input.role);
  if (bound !== Boolean(input.memberStateCode)) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      bound
        ? `${input.role} must belong to a member state`
        : `${input.role} belongs to no member state`,
      { field: 'memberStateCode' },
    );
  }
  return {
    email,
    displayName,
    role: input.role,
    memberStateCode: input.memberStateCode?.toUpperCase() ?? null,
  };
}

export async function assertEmailFree(manager: EntityManager, email: string): Promise<void> {
  if (await manager.existsBy(UserEntity, { email })) {
    throw new DomainError(ErrorCode.Conflict, 'An account with this e-mail already exists', {
      field: 'email',
    });
  }
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** Creates an account; with a password it can sign in at once (the first admin, from the CLI). */
  async create(
    input: NewUser,
    password?: string,
    manager: EntityManager = this.dataSource.manager,
  ) {
    const fields = validateNewUser(input);
    if (password !== undefined) assertAcceptablePassword(password, fields);
    await assertEmailFree(manager, fields.email);
    const user = manager.create(UserEntity, {
      ...fields,
      status: UserStatus.ACTIVE,
      passwordHash: password === undefined ? null : await this.hasher.hash(password),
      passwordChangedAt: password === undefined ? null : this.clock.now(),
    });
    return manager.save(user);
  }

  findByEmail(email: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOneBy(UserEntity, { email: normalizeEmail(email) });
  }
}
