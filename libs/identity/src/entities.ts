import { ApiCredentialEntity } from './credentials/api-credential.entity';
import { InvitationEntity } from './invitations/invitation.entity';
import { RecoveryCodeEntity } from './mfa/recovery-code.entity';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';
import { SessionEntity } from './sessions/session.entity';
import { UserEntity } from './users/user.entity';

export const IDENTITY_ENTITIES = [
  UserEntity,
  SessionEntity,
  RefreshTokenEntity,
  RecoveryCodeEntity,
  ApiCredentialEntity,
  InvitationEntity,
];
