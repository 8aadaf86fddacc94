import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthenticationService } from './auth/authentication.service';
import { GqlLocalAuthGuard } from './auth/guards';
import { PolicyGuard } from './authorization/policy.guard';
import { TotpService } from './mfa/totp.service';
import { LocalStrategy } from './auth/local.strategy';
import { SignInThrottle } from './auth/sign-in-throttle.service';
import { PasswordHasher } from './passwords/password-hasher.service';
import { Sessions } from './sessions/sessions.service';
import { AccessTokens } from './tokens/access-tokens.service';
import { UsersService } from './users/users.service';

@Module({
  imports: [PassportModule, JwtModule.register({}), AuditModule],
  providers: [
    PasswordHasher,
    UsersService,
    Sessions,
    AccessTokens,
    AuthenticationService,
    LocalStrategy,
    SignInThrottle,
    GqlLocalAuthGuard,
    PolicyGuard,
    TotpService,
  ],
  exports: [UsersService, AuthenticationService, PolicyGuard, PasswordHasher, TotpService],
})
export class IdentityModule {}
