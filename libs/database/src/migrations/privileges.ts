import type { QueryRunner } from 'typeorm';

export type Privilege =
  'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER' | 'USAGE';

/** A table of the public schema, as a regclass expression. */
export const table = (name: string) => `'public.${name}'::regclass`;
/** The sequence behind a serial column, as a regclass expression. */
export const serialSequence = (tableName: string, column: string) =>
  `pg_get_serial_sequence('public.${tableName}', '${column}')::regclass`;

/** On these objects: take back these privileges, or everything but `keep`. */
export type PrivilegeRule = { objects: string[] } & (
  { revoke: Privilege[]; keep?: never } | { keep: Privilege[]; revoke?: never }
);

const list = (privileges: Privilege[]) => privileges.map((p) => `'${p}'`).join(', ');

/**
 * The default privileges give the application's role (whatever its name)
 * everything on a new table. A migration takes back, from every role but the
 * object's owner, what the application must never do — e.g. UPDATE on an
 * append-only record, DELETE on messages — so a bug or an injected statement
 * in the application cannot do it either. Checked by the migrations e2e test.
 */
export async function revokeFromApplication(
  queryRunner: QueryRunner,
  rules: PrivilegeRule[],
): Promise<void> {
  const objects = rules.flatMap((rule) => rule.objects);
  const conditions = rules.map((rule) =>
    rule.revoke
      ? `(c.oid = ANY (ARRAY[${rule.objects.join(', ')}]) AND a.privilege_type IN (${list(rule.revoke)}))`
      : `(c.oid = ANY (ARRAY[${rule.objects.join(', ')}]) AND a.privilege_type NOT IN (${list(rule.keep)}))`,
  );
  await queryRunner.query(
    `DO $$
     DECLARE
       privilege record;
     BEGIN
       FOR privilege IN
         SELECT c.oid::regclass AS object,
                CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
                a.privilege_type,
                CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
           FROM pg_class c
          CROSS JOIN LATERAL aclexplode(c.relacl) a
          WHERE c.oid = ANY (ARRAY[${objects.join(', ')}])
            AND a.grantee <> c.relowner
            AND (${conditions.join('\n                 OR ')})
       LOOP
         EXECUTE format('REVOKE %s ON %s %s FROM %s CASCADE',
                        privilege.privilege_type, privilege.kind, privilege.object, privilege.grantee);
       END LOOP;
     END
     $$`,
  );
}
