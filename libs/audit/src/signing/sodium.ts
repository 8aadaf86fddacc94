import sodiumModule from 'libsodium-wrappers-sumo';

/**
 * libsodium, once its WebAssembly is ready. A default import is the CommonJS
 * object itself; a namespace import (`* as`) would be a copy made at import
 * time, missing the functions libsodium attaches after `ready`.
 */
export async function sodium(): Promise<typeof sodiumModule> {
  await sodiumModule.ready;
  return sodiumModule;
}
