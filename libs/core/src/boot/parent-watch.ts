/**
 * A process started by the launcher has an IPC channel to it. When the channel
 * closes (the launcher was killed), shut down as on SIGTERM rather than live on
 * as an orphan holding ports and connections.
 */
export function exitWithParent(): void {
  if (!process.send) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
