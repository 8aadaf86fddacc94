import { SilenceProcedureEntity } from './entities/silence-procedure.entity';
import { SilenceStatementEntity } from './entities/silence-statement.entity';

/** The silence procedures' tables; the database library registers them. */
export const PROCEDURE_ENTITIES = [SilenceProcedureEntity, SilenceStatementEntity];
