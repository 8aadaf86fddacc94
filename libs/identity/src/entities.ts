import { RecoveryCodeEntity } from './mfa/recovery-code.entity';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';
import { SessionEntity } from './sessions/session.entity';
import { UserEntity } from './users/user.entity';

export const IDENTITY_ENTITIES = [
  UserEntity,
  SessionEntity,
  RefreshTokenEntity,
  RecoveryCodeEntity,
];
