import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { NotificationsModule } from '@fpn/notifications';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthenticationService } from './auth/authentication.service';
import { GqlLocalAuthGuard } from './auth/guards';
import { PolicyGuard } from './authorization/policy.guard';
import { TotpService } from './mfa/totp.service';
import { LocalStrategy } from './auth/local.strategy';
import { SignInThrottle } from './auth/sign-in-throttle.service';
import { Invitations } from './invitations/invitations.service';
import { UserAdministration } from './users/user-administration.service';
import { PasswordHasher } from './passwords/password-hasher.service';
import { SessionRevocations } from './sessions/session-revocations';
import { Sessions } from './sessions/sessions.service';
import { AccessTokens } from './tokens/access-tokens.service';
import { UsersService } from './users/users.service';
import { ApiCredentialAuthenticator } from './credentials/api-credential-authenticator.service';
import { ApiCredentialsService } from './credentials/api-credentials.service';

@Module({
  imports: [PassportModule, JwtModule.register({}), AuditModule, NotificationsModule],
  providers: [
    PasswordHasher,
    UsersService,
    Sessions,
    SessionRevocations,
    AccessTokens,
    AuthenticationService,
    LocalStrategy,
    SignInThrottle,
    GqlLocalAuthGuard,
    PolicyGuard,
    TotpService,
    Invitations,
    UserAdministration,
    ApiCredentialAuthenticator,
    ApiCredentialsService,
  ],
  exports: [
    ApiCredentialAuthenticator,
    Invitations,
    UserAdministration,
    ApiCredentialsService,
    UsersService,
    AuthenticationService,
    SessionRevocations,
    Sessions,
    PolicyGuard,
    PasswordHasher,
    TotpService,
  ],
})
export class IdentityModule {}
