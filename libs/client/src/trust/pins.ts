import type { Pin } from '../keystore/keystore-contents';

/** How an identity key the server serves compares with what this device pinned. */
export type IdentityAssessment =
  | { accountId: string; status: 'trusted'; publicKey: string; verified: boolean }
  | { accountId: string; status: 'new'; publicKey: string }
  | {
      accountId: string;
      status: 'changed';
      publicKey: string;
      pinnedPublicKey: string;
      /** Whether the replaced key had been verified: a verified key changing is the louder warning. */
      wasVerified: boolean;
    };

export function assessIdentity(
  pin: Pin | undefined,
  accountId: string,
  serverPublicKey: string,
): IdentityAssessment {
  if (!pin) return { accountId, status: 'new', publicKey: serverPublicKey };
  if (pin.identityPublicKey === serverPublicKey) {
    return { accountId, status: 'trusted', publicKey: serverPublicKey, verified: pin.verified };
  }
  return {
    accountId,
    status: 'changed',
    publicKey: serverPublicKey,
    pinnedPublicKey: pin.identityPublicKey,
    wasVerified: pin.verified,
  };
}

/**
 * Pins a key for an account — a first pin, a verification, or an accepted
 * change (the replaced key is kept in `previous`). Returns the new pin.
 */
export function pinIdentity(
  current: Pin | undefined,
  publicKey: string,
  at: Date,
  verified: boolean,
): Pin {
  const when = at.toISOString();
  if (current && current.identityPublicKey === publicKey) {
    return verified && !current.verified
      ? { ...current, verified: true, verifiedAt: when }
      : current;
  }
  const previous = current
    ? [
        ...current.previous,
        {
          identityPublicKey: current.identityPublicKey,
          verified: current.verified,
          replacedAt: when,
        },
      ]
    : [];
  return {
    identityPublicKey: publicKey,
    verified,
    pinnedAt: when,
    verifiedAt: verified ? when : null,
    previous,
  };
}
