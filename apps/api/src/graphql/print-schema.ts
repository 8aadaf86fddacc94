import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { API_RESOLVERS } from './resolvers';
import { BUILD_SCHEMA_OPTIONS } from './schema-options';

export const SCHEMA_HEADER =
  '# Generated from the code by `npm run schema:print`; the tests fail when this file differs.\n\n';

/** The sorted SDL of a schema, as `schema.graphql` holds it. */
export function toSchemaFile(schema: GraphQLSchema): string {
  return `${SCHEMA_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** Builds the API's schema from its resolvers alone: no database, no Redis. */
export async function printApiSchema(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, {
    logger: false,
  });
  try {
    const factory = app.get(GraphQLSchemaFactory);
    return toSchemaFile(await factory.create(API_RESOLVERS, BUILD_SCHEMA_OPTIONS));
  } finally {
    await app.close();
  }
}
