import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ApiCredentialEntity } from '@fpn/identity';

/**
 * A ministry system's webhook: an HTTPS address its API credential registered.
 * The HMAC secret is the server's own key, sealed at rest (SecretBox, bound to
 * the row), shown to the system once.
 */
@Entity({ name: 'webhook' })
@Index('webhook_api_credential_idx', ['apiCredentialId'])
export class WebhookEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'webhook_pk' })
  id!: string;

  @Column({ name: 'api_credential_id', type: 'uuid' })
  apiCredentialId!: string;

  @ManyToOne(() => ApiCredentialEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'api_credential_id', foreignKeyConstraintName: 'webhook_api_credential_fk' })
  apiCredential?: ApiCredentialEntity;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  /** The HMAC-SHA256 key, sealed with SecretBox under `webhook:<id>`. */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
