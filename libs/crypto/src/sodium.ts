import sodiumModule from 'libsodium-wrappers-sumo';

import { CryptoError, CryptoErrorCode } from './errors';

let isReady = false;

/**
 * Loads libsodium's WebAssembly. Every caller awaits this once before using
 * any other function of this library; the functions themselves are
 * synchronous so they can run in hot paths and in the browser alike.
 */
export async function initCrypto(): Promise<void> {
  await sodiumModule.ready;
  isReady = true;
}

/**
 * libsodium after `initCrypto()`. A default import is the CommonJS object
 * itself; a namespace import would be a copy missing what `ready` attaches.
 */
export function sodium(): typeof sodiumModule {
  if (!isReady) {
    throw new CryptoError(CryptoErrorCode.NotReady, 'await initCrypto() before using @fpn/crypto');
  }
  return sodiumModule;
}
