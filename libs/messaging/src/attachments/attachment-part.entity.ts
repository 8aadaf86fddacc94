import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AttachmentEntity } from './attachment.entity';

/**
 * A run of an attachment's ciphertext (at most 1 MiB), written as an upload
 * arrives: what a dropped connection committed stays, and the upload resumes
 * after it. The parts of a blob are contiguous from offset 0.
 */
@Entity({ name: 'attachment_part' })
export class AttachmentPartEntity {
  @PrimaryColumn({
    name: 'attachment_id',
    type: 'uuid',
    primaryKeyConstraintName: 'attachment_part_pk',
  })
  attachmentId!: string;

  @PrimaryColumn({
    name: 'byte_offset',
    type: 'bigint',
    primaryKeyConstraintName: 'attachment_part_pk',
  })
  byteOffset!: string;

  @ManyToOne(() => AttachmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attachment_id', foreignKeyConstraintName: 'attachment_part_attachment_fk' })
  attachment?: AttachmentEntity;

  @Column({ type: 'bytea' })
  bytes!: Buffer;
}
