import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type RevokedSessions, SessionRevocations } from '@fpn/identity';

/** The part of a WebSocket this registry needs. */
export interface ClosableSocket {
  close(code: number, reason: string): void;
}

interface Connection {
  userId: string;
  sessionId: string;
}

/** graphql-ws's close code for a connection whose session ended (4400–4499: client must not retry as is). */
export const SESSION_ENDED_CLOSE_CODE = 4401;

/**
 * The open subscription sockets of this replica, by user and session. When
 * any replica announces that sessions ended (logout, suspension, reset,
 * refresh-token reuse), every replica closes the matching sockets at once.
 */
@Injectable()
export class LiveConnections implements OnModuleInit, OnModuleDestroy {
  private readonly sockets = new Map<ClosableSocket, Connection>();
  private stopListening?: () => void;

  constructor(private readonly revocations: SessionRevocations) {}

  async onModuleInit(): Promise<void> {
    this.stopListening = await this.revocations.onRevoked((revoked) => this.close(revoked));
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  register(socket: ClosableSocket, connection: Connection): void {
    this.sockets.set(socket, connection);
  }

  unregister(socket: ClosableSocket): void {
    this.sockets.delete(socket);
  }

  get size(): number {
    return this.sockets.size;
  }

  private close(revoked: RevokedSessions): void {
    for (const [socket, connection] of this.sockets) {
      const ended =
        'sessionId' in revoked
          ? connection.sessionId === revoked.sessionId
          : connection.userId === revoked.userId;
      if (!ended) continue;
      this.sockets.delete(socket);
      socket.close(SESSION_ENDED_CLOSE_CODE, 'Session ended');
    }
  }
}
