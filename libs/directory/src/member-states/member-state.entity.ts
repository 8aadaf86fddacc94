import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum Membership {
  MEMBER = 'member',
  OBSERVER = 'observer',
}

@Entity({ name: 'member_state' })
export class MemberStateEntity {
  /** ISO 3166-1 alpha-2. */
  @PrimaryColumn({ type: 'char', length: 2 })
  code!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  @Column({ name: 'name_ru', type: 'varchar', length: 200 })
  nameRu!: string;

  @Column({ type: 'enum', enum: Membership, enumName: 'membership', default: Membership.MEMBER })
  membership!: Membership;

  /** ISO 639-1 codes of the languages the state accepts requests in, e.g. `{ru,en}`. */
  @Column({
    name: 'request_languages',
    type: 'varchar',
    length: 8,
    array: true,
    default: () => "'{en,ru}'",
  })
  requestLanguages!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
