import { createServer, connect, type Socket } from 'node:net';

/** A TCP proxy in front of a server (`startTripwireProxy`) that can cut a request at a chosen moment. */
export interface TripwireProxy {
  /** `http://127.0.0.1:<port>`: talk to the server through here. */
  url: string;
  port: number;
  /**
   * The next time the server answers anything — its first response byte
   * through the proxy — `onTrip` runs (e.g. kills the server) before that byte
   * is passed on, and the client's connection is cut: the server has done the
   * work, the client never hears of it. Resolves once it has tripped.
   */
  tripOnFirstResponseByte(onTrip: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Forwards loopback TCP to `targetPort`, both ways, until tripped. */
export async function startTripwireProxy(targetPort: number): Promise<TripwireProxy> {
  const sockets = new Set<Socket>();
  let armed: { onTrip: () => void | Promise<void>; tripped: () => void } | undefined;

  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk) => upstream.write(chunk));
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
    upstream.on('data', (chunk) => {
      const trip = armed;
      if (!trip) {
        client.write(chunk);
        return;
      }
      armed = undefined;
      upstream.pause();
      void Promise.resolve(trip.onTrip()).finally(() => {
        client.destroy();
        upstream.destroy();
        trip.tripped();
      });
    });
    upstream.on('end', () => client.end());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tripOnFirstResponseByte: (onTrip) =>
      new Promise<void>((resolve) => {
        armed = { onTrip, tripped: resolve };
      }),
    close: async () => {
      armed = undefined;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
