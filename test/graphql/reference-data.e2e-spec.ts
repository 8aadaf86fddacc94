import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { gql, startTestApp, type TestApp } from '@fpn/testing';
import { toSchemaFile } from '../../apps/api/src/graphql/print-schema';

interface ReferenceData {
  memberStates: {
    code: string;
    name: string;
    names: { en: string; ru: string };
    membership: string;
  }[];
  networks: { key: string; name: string }[];
}

const REFERENCE_DATA = gql<ReferenceData, { lang: string }>`
  query ReferenceData($lang: Language!) {
    memberStates {
      code
      name(lang: $lang)
      names {
        en
        ru
      }
      membership
    }
    networks {
      key
      name(lang: $lang)
    }
  }
`;

describe('member states and networks over GraphQL', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app?.close());

  it('lists the 28 member states and the 4 networks of the seed roster', async () => {
    const data = await app.graphql.query(REFERENCE_DATA, { lang: 'EN' });
    expect(data.memberStates).toHaveLength(28);
    expect(data.memberStates.map((s) => s.code)).toEqual(
      expect.arrayContaining(['KZ', 'RU', 'CN', 'IN', 'TR', 'VN', 'PS']),
    );
    expect(data.memberStates.every((s) => s.membership === 'MEMBER')).toBe(true);
    expect(data.networks.map((n) => n.key).sort()).toEqual([
      'border-control',
      'economic-crimes',
      'law-enforcement',
      'wmd-nonproliferation',
    ]);
  });

  it('names states and networks in English or Russian', async () => {
    const ru = await app.graphql.query(REFERENCE_DATA, { lang: 'RU' });
    const kz = ru.memberStates.find((s) => s.code === 'KZ');
    expect(kz).toMatchObject({ name: 'Казахстан', names: { en: 'Kazakhstan', ru: 'Казахстан' } });
    expect(ru.networks.find((n) => n.key === 'law-enforcement')?.name).toBe(
      'Правоохранительная деятельность',
    );
    const en = await app.graphql.query(REFERENCE_DATA, { lang: 'EN' });
    expect(en.memberStates[0].name).toBe('Afghanistan');
  });

  it('looks one up by code and key, case-insensitively for the ISO code', async () => {
    const data = await app.graphql.query(gql<{
      memberState: { code: string };
      network: { name: string };
    }>`
      {
        memberState(code: "tj") {
          code
        }
        network(key: "economic-crimes") {
          name
        }
      }
    `);
    expect(data).toEqual({
      memberState: { code: 'TJ' },
      network: { name: 'Fighting Economic Crimes' },
    });
  });

  it('answers an unknown code with NOT_FOUND', async () => {
    const response = await app.graphql.request(gql`
      {
        memberState(code: "XX") {
          code
        }
      }
    `);
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: 'Member state "XX" does not exist',
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
  });

  it('answers a malformed query with a stable code and no stack trace', async () => {
    const response = await app.graphql.request(gql`
      {
        memberStates {
          nope
        }
      }
    `);
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('serves exactly the committed schema.graphql', async () => {
    const served = toSchemaFile(app.api.get(GraphQLSchemaHost).schema);
    const committed = await readFile(path.resolve(__dirname, '../../schema.graphql'), 'utf8');
    expect(served).toBe(committed);
  });
});
