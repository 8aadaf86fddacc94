import { SetMetadata } from '@nestjs/common';

export const POLICY = Symbol('fpn:policy');

/**
 * Who may call an operation. Every resolver method and route declares one;
 * an operation without a policy is refused (deny by default). Object scope
 * (own state, own networks) is checked by the service with the principal.
 */
export type Policy =
  { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: readonly string[] };

/** Anyone, signed in or not: sign-in itself, public reference data, liveness. */
export const Public = () => SetMetadata(POLICY, { kind: 'public' } satisfies Policy);

/** Any signed-in account. */
export const Authenticated = () => SetMetadata(POLICY, { kind: 'authenticated' } satisfies Policy);

/** Signed-in accounts holding one of these roles. */
export const RequireRoles = <R extends string>(...roles: R[]) =>
  SetMetadata(POLICY, { kind: 'roles', roles } satisfies Policy);

export const MFA_ENROLMENT_OPEN = Symbol('fpn:mfa-enrolment-open');

/**
 * Callable by a signed-in account that must use a second factor but has not
 * set one up yet (who am I, sign out, set up TOTP). Everything else waits.
 */
export const OpenBeforeMfaEnrolment = () => SetMetadata(MFA_ENROLMENT_OPEN, true);

export const API_CREDENTIAL_OPERATIONS = Symbol('fpn:api-credential-operations');

/**
 * An API credential (a ministry system) holding one of these operations may
 * also call this. Without it a credential is refused, whatever the policy
 * says for people; `@Public()` operations stay open to everyone. The
 * operation names are `ApiOperation` values (libs/identity).
 */
export const AllowApiCredential = (...operations: string[]) =>
  SetMetadata(API_CREDENTIAL_OPERATIONS, operations);
