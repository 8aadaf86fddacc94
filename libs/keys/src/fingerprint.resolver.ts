import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowApiCredential, Authenticated } from '@fpn/core';
import { fromBase64Url, PUBLIC_KEY_BYTES } from '@fpn/crypto';
import { readableFingerprint } from './fingerprint';
import { IdentityKeyChangeModel, IdentityKeyModel } from './key-directory.models';
import { KEY_READING_OPERATIONS } from './key-reading-operations';

const FINGERPRINT =
  '30 digits in six groups of five, to read out and compare. Compute your own (docs/protocol.md); never trust this one.';

const fingerprintOf = (userId: string, publicKey: string) =>
  readableFingerprint(userId, fromBase64Url(publicKey, 'publicKey', PUBLIC_KEY_BYTES));

/**
 * Fingerprints, computed only when a field asks for one (5,200 SHA-512 each):
 * whoever may read a key may read its fingerprint.
 */
@Resolver(() => IdentityKeyModel)
export class IdentityKeyFingerprintResolver {
  @ResolveField(() => String, { description: `The key's fingerprint: ${FINGERPRINT}` })
  @Authenticated()
  @AllowApiCredential(...KEY_READING_OPERATIONS)
  fingerprint(@Parent() key: IdentityKeyModel): string {
    return fingerprintOf(key.userId, key.publicKey);
  }
}

@Resolver(() => IdentityKeyChangeModel)
export class IdentityKeyChangeFingerprintResolver {
  @ResolveField(() => String, { description: `The replaced key's fingerprint: ${FINGERPRINT}` })
  @Authenticated()
  @AllowApiCredential(...KEY_READING_OPERATIONS)
  previousFingerprint(@Parent() change: IdentityKeyChangeModel): string {
    return fingerprintOf(change.userId, change.previousPublicKey);
  }

  @ResolveField(() => String, { description: `The new key's fingerprint: ${FINGERPRINT}` })
  @Authenticated()
  @AllowApiCredential(...KEY_READING_OPERATIONS)
  fingerprint(@Parent() change: IdentityKeyChangeModel): string {
    return fingerprintOf(change.userId, change.publicKey);
  }
}
