import { runCli } from './cli';

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(args, {
    env,
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
  });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('the cli', () => {
  it('lists its commands', async () => {
    const { status, out } = await run(['--help']);
    expect(status).toBe(0);
    expect(out).toContain('audit:verify');
    expect(out).toContain('audit:public-key');
  });

  it('answers an unknown command with status 2', async () => {
    const { status, err } = await run(['audit:nonsense']);
    expect(status).toBe(2);
    expect(err).toContain("unknown command 'audit:nonsense'");
  });

  it('says in one line, with status 2, what keeps a command from running', async () => {
    expect(await run(['audit:verify'], { AUDIT_PUBLIC_KEY: 'A'.repeat(43) + '=' })).toEqual({
      status: 2,
      out: '',
      err: 'audit:verify: Invalid configuration: DATABASE_URL is required',
    });
    const badHead = await run(['audit:verify', '--expect-head', 'abc'], {
      DATABASE_URL: 'postgres://app@127.0.0.1:1/fpn',
    });
    expect(badHead.status).toBe(2);
    expect(badHead.err).toMatch(/^audit:verify: the expected head must be a 64-hex-digit/);
    expect((await run(['audit:public-key'], { NODE_ENV: 'production' })).err).toMatch(
      /^audit:public-key: AUDIT_SIGNING_KEY_FILE is required in production/,
    );
    const verify = await run(['audit:verify'], {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@127.0.0.1:1/fpn',
    });
    expect(verify.err).toBe(
      'audit:verify: set AUDIT_PUBLIC_KEY (or AUDIT_SIGNING_KEY_FILE) to verify checkpoints',
    );
  });
});
