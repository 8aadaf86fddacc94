import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateSecret, generateURI, verify } from 'otplib';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode, SecretBox } from '@fpn/core';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { Role } from '../users/role';
import { UserEntity } from '../users/user.entity';
import { RecoveryCodeEntity } from './recovery-code.entity';

const ISSUER = 'Focal Points Network';
const RECOVERY_CODES = 10;

/** Secretariat staff and coordinators must use a second factor (ASVS 5.0 §6.3). */
export const MFA_REQUIRED_ROLES: readonly Role[] = [
  Role.SECRETARIAT_ADMIN,
  Role.SECRETARIAT_OFFICER,
  Role.STATE_COORDINATOR,
];

const hashCode = (code: string) =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

export interface SecondFactor {
  totpCode?: string | null;
  recoveryCode?: string | null;
}

/**
 * TOTP second factor (RFC 6238, 30 s steps, ±1 step of drift): enrolment,
 * single-use codes (a code's time step must be later than the last one
 * accepted), and one-time recovery codes. Seeds are sealed at rest.
 */
@Injectable()
export class TotpService implements OnModuleInit {
  private box!: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.box = await SecretBox.create(this.config.auth.mfaEncryptionKey);
  }

  /** A new seed for the caller's authenticator app; replaces an unconfirmed one. */
  async startEnrolment(user: UserEntity): Promise<{ secret: string; uri: string }> {
    if (user.totpEnabledAt) {
      throw new DomainError(ErrorCode.Conflict, 'Two-factor sign-in is already set up');
    }
    const secret = generateSecret();
    await this.dataSource.manager.update(
      UserEntity,
      { id: user.id },
      { totpSecret: this.box.seal(secret, user.id), totpLastStep: null },
    );
    return { secret, uri: generateURI({ issuer: ISSUER, label: user.email, secret }) };
  }

  /** The first valid code turns TOTP on; the recovery codes are shown this once. */
  async confirmEnrolment(user: UserEntity, code: string): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.findOneOrFail(UserEntity, {
        where: { id: user.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (current.totpEnabledAt) {
        throw new DomainError(ErrorCode.Conflict, 'Two-factor sign-in is already set up');
      }
      if (!current.totpSecret) {
        throw new DomainError(ErrorCode.BadUserInput, 'Start the set-up first');
      }
      const step = await this.acceptedStep(current, code);
      if (step === undefined) {
        throw new DomainError(ErrorCode.BadUserInput, 'One-time code is incorrect', {
          field: 'code',
        });
      }
      await manager.update(
        UserEntity,
        { id: user.id },
        { totpEnabledAt: this.clock.now(), totpLastStep: String(step) },
      );
      const codes = await this.issueRecoveryCodes(manager, user.id);
      await this.audit.record(manager, {
        type: AuditEventType.MFA_ENROLLED,
        actorId: user.id,
        actorRole: user.role,
        subjectType: 'user',
        subjectId: user.id,
        memberState: user.memberStateCode,
        details: { method: 'totp', recoveryCodes: codes.length },
      });
      return codes;
    });
  }

  /**
   * At sign-in, after the password: a fresh TOTP code or an unused recovery
   * code. Returns a reason when it fails, for the audit log.
   */
  async checkSecondFactor(user: UserEntity, factor: SecondFactor): Promise<'ok' | string> {
    if (!user.totpEnabledAt) return 'ok';
    if (factor.totpCode) {
      const step = await this.acceptedStep(user, factor.totpCode);
      if (step === undefined) return 'wrong-or-reused-totp';
      // Only a later step wins: two racing uses of one code cannot both pass.
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .update(UserEntity)
        .set({ totpLastStep: String(step) })
        .where('id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)', {
          id: user.id,
          step,
        })
        .execute();
      return result.affected ? 'ok' : 'wrong-or-reused-totp';
    }
    if (factor.recoveryCode) {
      const result = await this.dataSource.manager.update(
        RecoveryCodeEntity,
        { userId: user.id, codeHash: hashCode(factor.recoveryCode), usedAt: IsNull() },
        { usedAt: this.clock.now() },
      );
      return result.affected ? 'ok' : 'wrong-or-used-recovery-code';
    }
    return 'second-factor-missing';
  }

  private async acceptedStep(user: UserEntity, code: string): Promise<number | undefined> {
    if (!user.totpSecret || !/^\d{6}$/.test(code)) return undefined;
    const result = await verify({
      secret: this.box.open(user.totpSecret, user.id),
      token: code,
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: 30,
      afterTimeStep: user.totpLastStep === null ? undefined : Number(user.totpLastStep),
    });
    return result.valid && 'timeStep' in result ? (result.timeStep as number) : undefined;
  }

  private async issueRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    await manager.delete(RecoveryCodeEntity, { userId });
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(8).toString('hex');
      return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
    });
    await manager.insert(
      RecoveryCodeEntity,
      codes.map((code) => ({ id: randomUUID(), userId, codeHash: hashCode(code), usedAt: null })),
    );
    return codes;
  }
}
