import type { BuildSchemaOptions } from '@nestjs/graphql';

/** Shared by the running API and the schema printer, so both build the same schema. */
export const BUILD_SCHEMA_OPTIONS: BuildSchemaOptions = {
  numberScalarMode: 'integer',
  dateScalarMode: 'isoDate',
  noDuplicatedFields: true,
};
