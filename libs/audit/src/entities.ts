import { AuditCheckpointEntity } from './entities/audit-checkpoint.entity';
import { AuditEntryEntity } from './entities/audit-entry.entity';
import { AuditPendingEntity } from './entities/audit-pending.entity';

/** Every table this library owns; the database library registers them. */
export const AUDIT_ENTITIES = [AuditPendingEntity, AuditEntryEntity, AuditCheckpointEntity];
