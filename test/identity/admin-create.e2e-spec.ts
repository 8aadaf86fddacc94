import { spawn } from 'node:child_process';
import path from 'node:path';
import { gql, startTestApp, type TestApp } from '@fpn/testing';

const CLI = path.resolve(__dirname, '../../dist/apps/cli/src/main.js');

/** `npm run cli -- admin:create …` with the password piped in, as an operator would. */
function adminCreate(app: TestApp, args: string[], password: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, 'admin:create', ...args], {
      env: { PATH: process.env.PATH, ...app.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${password}\n`);
  });
}

const LOGIN = gql<
  { login: { user: { role: string; email: string } } },
  { email: string; password: string }
>`
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) {
      user {
        role
        email
      }
    }
  }
`;

describe('npm run cli -- admin:create', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app?.close());

  it('refuses a weak password and creates nothing', async () => {
    const result = await adminCreate(
      app,
      ['--email', 'ops@cica.example', '--name', 'Ops'],
      'Password1234',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('admin:create: BAD_USER_INPUT: Password is too common\n');
    const login = await app.graphql.request(LOGIN, {
      email: 'ops@cica.example',
      password: 'Password1234',
    });
    expect(login.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('creates the first Secretariat administrator, who can then sign in', async () => {
    const password = 'steppe eagle morning 1992';
    const result = await adminCreate(
      app,
      ['--email', 'Admin@CICA.example', '--name', 'Secretariat Admin'],
      password,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^created SECRETARIAT_ADMIN admin@cica\.example \([0-9a-f-]{36}\)\n$/,
    );
    const { login } = await app.graphql.query(LOGIN, { email: 'admin@cica.example', password });
    expect(login.user).toEqual({ role: 'SECRETARIAT_ADMIN', email: 'admin@cica.example' });
  });

  it('refuses a second account with the same e-mail', async () => {
    const result = await adminCreate(
      app,
      ['--email', 'admin@cica.example', '--name', 'Again'],
      'another long passphrase 7',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'admin:create: CONFLICT: An account with this e-mail already exists\n',
    );
  });
});
