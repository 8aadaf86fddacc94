import cluster, { type Worker } from 'node:cluster';

/**
 * Runs `count` API processes on one port with node:cluster: the API is
 * stateless (sessions, subscriptions' fan-out and revocations go through
 * PostgreSQL and Redis), so each process is a replica like any other, and
 * the second core serves requests too. This primary holds no application:
 * it forwards SIGTERM/SIGINT to the replicas and exits when they are gone;
 * if a replica dies on its own, it stops the others and exits 1, so whoever
 * supervises the API (the launcher, systemd, Kubernetes) sees the failure.
 */
export function superviseApiProcesses(count: number): void {
  const replicas: Worker[] = [];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    for (const replica of replicas) if (!replica.isDead()) replica.process.kill('SIGTERM');
  };
  cluster.on('exit', (replica, code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `api: process ${replica.process.pid} exited (${signal ?? `code ${code}`}); stopping the others\n`,
      );
      stop(1);
    }
    if (replicas.every((each) => each.isDead())) process.exit();
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  for (let i = 0; i < count; i += 1) replicas.push(cluster.fork());
}
