import { DirectoryReference1795852800000 } from './1795852800000-directory-reference';
import { Identity1795860000000 } from './1795860000000-identity';
import { AuditLog1795870000000 } from './1795870000000-audit-log';
import { Totp1795880000000 } from './1795880000000-totp';

/** Every migration, in order. A new migration is added here. */
export const MIGRATIONS = [
  DirectoryReference1795852800000,
  Identity1795860000000,
  AuditLog1795870000000,
  Totp1795880000000,
];
