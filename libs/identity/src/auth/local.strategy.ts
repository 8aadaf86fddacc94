import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import type { UserEntity } from '../users/user.entity';
import { AuthenticationService } from './authentication.service';
import { originOf } from './guards';
import type { SecondFactor } from '../mfa/totp.service';

/** E-mail and password sign-in through passport. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly authentication: AuthenticationService) {
    super({
      usernameField: 'email',
      passwordField: 'password',
      session: false,
      passReqToCallback: true,
    });
  }

  validate(request: Request, email: string, password: string): Promise<UserEntity> {
    const { totpCode, recoveryCode } = request.body as SecondFactor;
    return this.authentication.verifyCredentials(email, password, originOf(request), {
      totpCode,
      recoveryCode,
    });
  }
}
