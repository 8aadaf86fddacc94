import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { AppConfig } from '@fpn/config';
import type { ParseOptions, ValidationRule } from 'graphql';

type GraphqlArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;

/**
 * GraphQL Armor's limits for one configuration. Depth, aliases, cost and
 * directives are validation rules: a document over any of them is answered
 * GRAPHQL_VALIDATION_FAILED (HTTP 400) before execution starts.
 *
 * Two of Armor's protections are replaced, not used:
 * - tokens: Armor's Apollo plugin throws from `parsingDidStart`, which Apollo
 *   answers as a 500; graphql-js's own parser limit (`maxLexicalTokens`)
 *   refuses the same documents as GRAPHQL_PARSE_FAILED (HTTP 400).
 * - field suggestions: Armor's pattern misses "Did you mean the enum value …?";
 *   `hideSuggestions` below removes every form, in production only.
 */
export function armorConfig(limits: AppConfig['graphql']): GraphqlArmorConfig {
  return {
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  };
}

export interface GraphqlArmor {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
}

/**
 * The Apollo options that enforce the limits of `config.graphql`, and hide
 * suggestions in production. Apollo's cache-control plugin, which it installs
 * unless told otherwise, is replaced by `noStore`: nothing here is cacheable
 * (every answer depends on the caller), and the plugin wrapped every field's
 * resolver to read hints the schema never declares only to answer `no-store`.
 */
export function graphqlArmor(config: Pick<AppConfig, 'environment' | 'graphql'>): GraphqlArmor {
  const { validationRules, plugins } = new ApolloArmor(armorConfig(config.graphql)).protect();
  const always = [...plugins, ApolloServerPluginCacheControlDisabled(), noStore()];
  return {
    parseOptions: { maxLexicalTokens: config.graphql.maxTokens },
    validationRules,
    plugins: config.environment === 'production' ? [...always, hideSuggestions()] : always,
  };
}

/** Every GraphQL answer over HTTP says `Cache-Control: no-store`: no proxy or browser keeps it. */
export function noStore(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** graphql-js ends a message with a suggestion: `Did you mean "name"?`, `Did you mean the enum value "EN"?`. */
const SUGGESTION = /\s*Did you mean\b.*$/s;

/**
 * Removes "Did you mean …" from every error of a request (validation and
 * variable coercion alike), so a client cannot map the schema by guessing.
 */
export function hideSuggestions(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = error.message.replace(SUGGESTION, '');
        },
      };
    },
  };
}
