import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { print } from 'graphql';
import { SearchFocalPointsDocument } from '../libs/client/src/generated/graphql';
import { NAME_POOLS } from '../libs/directory/src/synthetic/synthetic-names';
import { STATE_PROFILES } from '../libs/directory/src/synthetic/synthetic-states';
import { enrolTotp, insertAccounts, referenceData, signIn, withPg } from './lib/accounts';
import { REPO_ROOT, type RunningApp, startApp } from './lib/app-processes';
import {
  type HttpLoadResult,
  loadGraphql,
  loadGraphqlAt,
  type Pace,
  trivialQueryBaseline,
} from './lib/baselines';
import { runBenchmark } from './lib/cleanup';
import { GraphqlHttp } from './lib/graphql-http';
import {
  resetStatementStats,
  startBenchInfrastructure,
  statementsTable,
  topStatements,
} from './lib/infrastructure';
import { numberOption, parseOptions } from './lib/options';
import { progress, since } from './lib/progress';
import {
  describeMachine,
  fmt,
  machineInfo,
  printTables,
  type ReportTable,
  writeResults,
} from './lib/report';
import { processTree, processTreeOf, ResourceSampler } from './lib/resource-sampler';

const SEARCH = print(SearchFocalPointsDocument);

const HELP = `npm run bench:directory [-- options]
  --quick              5-second runs on 2,000 entries: checks the benchmark works
  --count n            synthetic focal points to seed (default 10000)
  --seconds n          length of each search run (default 20; quick 5)
  --connections n      concurrent connections (default 10)
  --rate n             requests a second offered in the paced runs (default 1000)
  --out file.json      where to write the JSON (default bench/results/directory.json)
  --cpu-prof dir       write V8 CPU profiles of the api and the worker there
  --pg-stats           load pg_stat_statements and print the statements of each timed search

Four search runs: with the api as configured (answers kept across requests
until the directory changes), as fast as it answers, then at --rate requests
a second evenly spaced (open loop, latency from each request's due time:
the target's figure), then at --rate as autocannon paces it (each second's
quota sent as fast as answered, then silence); then, as fast as it answers,
with a second api that keeps nothing (DIRECTORY_CACHE_ENTRIES=0), as every
search runs after a directory change.`;

/** One timed search run against one api. */
interface SearchRun {
  label: string;
  search: HttpLoadResult;
  resources: Awaited<ReturnType<Awaited<ReturnType<ResourceSampler['window']>>['end']>>;
  statements: Awaited<ReturnType<typeof topStatements>>;
}

/**
 * The searches a Secretariat officer makes: a network or a state, and a name
 * (or the start of one) from the synthetic pools, 50 entries a page — a
 * different search every request, Latin and Cyrillic alike.
 */
function searchBodies(networks: readonly string[], states: readonly string[]): string[] {
  const bodies: string[] = [];
  const surnamesOf = (state: string) =>
    NAME_POOLS[STATE_PROFILES[state]?.names ?? 'cyrillic']?.surnames ??
    NAME_POOLS.cyrillic.surnames;
  const all = [...new Set(Object.values(NAME_POOLS).flatMap((pool) => pool.surnames))];
  all.forEach((surname, i) => {
    const text = i % 3 === 2 ? surname.slice(0, 4) : surname;
    bodies.push(
      JSON.stringify({
        query: SEARCH,
        variables: { first: 50, filter: { networkKey: networks[i % networks.length], text } },
      }),
    );
  });
  states.forEach((state, i) => {
    for (const surname of surnamesOf(state).slice(0, 4)) {
      bodies.push(
        JSON.stringify({
          query: SEARCH,
          variables: {
            first: 50,
            filter: {
              memberStateCode: state,
              networkKey: networks[i % networks.length],
              text: surname,
            },
          },
        }),
      );
    }
  });
  // Interleaved, so consecutive requests differ in shape as well as in term.
  return bodies.map((_body, i) => bodies[(i * 7919) % bodies.length]);
}

async function seed(appUrl: string, count: number): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'dist/apps/cli/src/main.js'),
        'seed:synthetic',
        '--count',
        String(count),
      ],
      {
        env: { ...process.env, DATABASE_URL: appUrl, NODE_ENV: 'development' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let last = '';
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
      const lines = chunk.toString().trim().split('\n');
      const line = lines[lines.length - 1];
      if (line && /\/\d+ entries/.test(line) && line.split('/')[0] !== last) {
        last = line.split('/')[0];
        if (Number(last) % 2000 === 0) progress(`seed: ${line}`);
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`seed:synthetic failed (${code}):\n${output}`)),
    );
  });
  return since(started) / 1000;
}

async function main(): Promise<void> {
  const options = parseOptions({
    count: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    rate: { type: 'string' },
    'pg-stats': { type: 'boolean' },
  });
  if (options.values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const quick = options.quick;
  const count = numberOption(options.values, 'count', quick ? 2000 : 10_000);
  const seconds = numberOption(options.values, 'seconds', quick ? 5 : 20);
  const connections = numberOption(options.values, 'connections', 10);
  const rate = numberOption(options.values, 'rate', 1000);

  const machine = machineInfo();
  progress(`bench:directory on ${describeMachine(machine)}`);
  const infrastructure = await startBenchInfrastructure('directory', {
    statementStats: options.values['pg-stats'] === true,
  });
  const app = await startApp(infrastructure, {
    cpuProfileDir: options.cpuProfileDir && path.resolve(options.cpuProfileDir),
  });

  const seedSeconds = await seed(infrastructure.appUrl, count);
  progress(
    `seed: ${count} synthetic focal points in ${seedSeconds.toFixed(1)} s (npm run seed:synthetic)`,
  );
  await withPg(infrastructure.ownerUrl, (client) => client.query('ANALYZE'));
  progress('ANALYZE done');

  const api = new GraphqlHttp(app.url, 4);
  const email = 'secretariat-directory@bench.example';
  const ids = await insertAccounts(infrastructure.ownerUrl, [
    { email, role: 'SECRETARIAT_OFFICER', memberStateCode: null },
  ]);
  const officer = await signIn(api, {
    email,
    role: 'SECRETARIAT_OFFICER',
    memberStateCode: null,
    id: ids.get(email)!,
  });
  await enrolTotp(api, officer);
  progress('a Secretariat officer signed in (TOTP enrolled) over GraphQL');

  const { states, networks } = await referenceData(infrastructure.ownerUrl);
  const bodies = searchBodies(networks, states);
  let entries = 0;
  for (const body of bodies) {
    const { query, variables } = JSON.parse(body) as { query: string; variables: object };
    const data = await api.query<{ focalPoints: { edges: unknown[] } }>(
      query,
      variables,
      officer.accessToken,
    );
    entries += data.focalPoints.edges.length;
  }
  const entriesPerPage = entries / bodies.length;
  progress(
    `${bodies.length} different searches checked: ${fmt(entriesPerPage)} entries a page on average (first: 50, totalCount selected, as the SDK asks)`,
  );
  api.close();

  let next = 0;
  const body = () => bodies[next++ % bodies.length];
  /**
   * One timed search run: as fast as answered (no `pace`), at `pace.rate`
   * evenly spaced (open loop), or as autocannon's per-second quota.
   */
  const run = async (app: RunningApp, label: string, pace?: Pace): Promise<SearchRun> => {
    const sampler = new ResourceSampler([
      { name: 'api', pids: () => processTree(app.api.pid) },
      { name: 'postgres', pids: processTreeOf(infrastructure.postgresPid) },
      { name: 'load', pids: () => [process.pid] },
    ]);
    sampler.start();
    try {
      progress(`${label}: warm-up, 3 s of searches`);
      await loadGraphql({
        url: app.url,
        token: officer.accessToken,
        body,
        connections,
        durationSeconds: 3,
      });
      const how = !pace
        ? 'autocannon'
        : pace.even
          ? `${pace.rate} a second evenly spaced (open loop)`
          : `autocannon, ${pace.rate} a second (each second's quota sent as fast as answered)`;
      progress(
        `${label}: ${how}, ${connections} connections, ${seconds} s, a different search each request`,
      );
      await resetStatementStats(infrastructure);
      const window = await sampler.window();
      const search: HttpLoadResult = await loadGraphqlAt(
        { url: app.url, token: officer.accessToken, body, connections, durationSeconds: seconds },
        pace,
      );
      const resources = await window.end();
      if (search.errors > 0) {
        throw new Error(
          `${label}: ${search.errors} of the searches failed; the figures would mean nothing`,
        );
      }
      const statements = await topStatements(infrastructure);
      progress(
        `${label}: ${Math.round(search.requestsPerSecond)} req/s, p50 ${search.p50} ms, p99 ${search.p99} ms, errors ${search.errors}; api ${fmt(resources.api.cpuPercent)} % CPU, ${fmt(resources.api.peakRssMb)} MB; postgres ${fmt(resources.postgres.cpuPercent)} %, load generator ${fmt(resources.load.cpuPercent)} % (its event-loop delay p99 ${search.loadLoopDelayP99} ms)`,
      );
      return { label, search, resources, statements };
    } finally {
      sampler.stop();
    }
  };

  const kept = await run(app, 'answers kept');
  const paced = await run(app, `answers kept, ${fmt(rate)} requests/s evenly spaced`, {
    rate,
    even: true,
  });
  const burst = await run(app, `answers kept, ${fmt(rate)} requests/s in per-second bursts`, {
    rate,
    even: false,
  });
  const trivial = await trivialQueryBaseline(app.url, quick ? 4 : 10, connections);
  // The stack's own tail at the paced run's rate: what the search's p99 reads against.
  const trivialPaced = await trivialQueryBaseline(app.url, seconds, connections, {
    rate,
    even: true,
  });
  progress('starting a second api and worker that keep nothing (DIRECTORY_CACHE_ENTRIES=0)');
  await Promise.all([app.api.stop(), app.worker.stop()]);
  // The same secrets, so the officer's session still signs in; a port of its own.
  const { PORT: _port, ...sameEnv } = app.env;
  const uncachedApp = await startApp(infrastructure, {
    cpuProfileDir: options.cpuProfileDir && path.resolve(options.cpuProfileDir),
    env: { ...sameEnv, DIRECTORY_CACHE_ENTRIES: '0' },
  });
  const uncached = await run(uncachedApp, 'nothing kept');
  const runs = [kept, paced, burst, uncached];
  const pacedCarried = paced.search.requestsPerSecond >= rate * 0.99;

  const tables: ReportTable[] = [
    {
      title: `Directory search: ${count} synthetic focal points, a Secretariat officer, ${connections} connections`,
      head: [
        'load',
        'req/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        'api CPU %',
        'api RSS MB',
        'postgres CPU %',
        'load gen CPU %',
        'load gen delay p99 ms',
        'ratio',
      ],
      rows: [
        ...runs.map(({ label, search, resources }): (string | number)[] => [
          `focalPoints(filter: network or state + text, first: 50) — ${fmt(entriesPerPage)} entries a page; ${label}`,
          fmt(search.requestsPerSecond),
          search.p50,
          search.p99,
          search.max,
          search.errors,
          fmt(resources.api.cpuPercent),
          fmt(resources.api.peakRssMb),
          fmt(resources.postgres.cpuPercent),
          fmt(resources.load.cpuPercent),
          search.loadLoopDelayP99,
          `${(search.requestsPerSecond / trivial.requestsPerSecond).toPrecision(2)} of the baseline`,
        ]),
        ...[
          { label: 'baseline: { __typename }, same api', result: trivial, ratio: '1' },
          {
            label: `baseline: { __typename }, same api, ${fmt(rate)} requests/s evenly spaced`,
            result: trivialPaced,
            ratio: '',
          },
        ].map(({ label, result, ratio }): (string | number)[] => [
          label,
          fmt(result.requestsPerSecond),
          result.p50,
          result.p99,
          result.max,
          result.errors,
          '',
          '',
          '',
          '',
          result.loadLoopDelayP99,
          ratio,
        ]),
      ],
    },
    {
      title: 'Against the targets of issue 8',
      head: ['figure', 'target', 'measured', 'met'],
      rows: [
        [
          'directory search requests/s (answers kept)',
          '≥ 1,000 (goal 1,500)',
          fmt(kept.search.requestsPerSecond),
          kept.search.requestsPerSecond >= 1000 ? 'yes' : 'no',
        ],
        [
          `directory search p99 at ${fmt(rate)} requests/s evenly spaced (answers kept)`,
          '≤ 25 ms (goal 20)',
          `${paced.search.p99} ms (${fmt(paced.search.requestsPerSecond)} req/s carried; { __typename } at that rate: ${trivialPaced.p99} ms)`,
          pacedCarried && paced.search.p99 <= 25 ? 'yes' : 'no',
        ],
        [
          'directory search p99 at the most requests/s (answers kept)',
          '',
          `${kept.search.p99} ms`,
          '',
        ],
        [
          `directory search p99 at ${fmt(rate)} requests/s in per-second bursts (answers kept)`,
          '',
          `${burst.search.p99} ms`,
          '',
        ],
      ],
    },
  ];
  for (const { label, statements } of runs) {
    tables.push(
      ...statementsTable(
        `PostgreSQL time by statement over the timed search, ${label} (pg_stat_statements)`,
        statements,
      ),
    );
  }
  printTables(tables);
  await writeResults(
    'directory',
    options.out,
    {
      benchmark: 'directory',
      quick,
      machine,
      servers: infrastructure.description,
      settings: {
        count,
        seconds,
        connections,
        searches: bodies.length,
        entriesPerPage,
        seedSeconds,
      },
      search: kept.search,
      resources: kept.resources,
      statements: kept.statements,
      paced: { rate, search: paced.search, resources: paced.resources },
      burst: { rate, search: burst.search, resources: burst.resources },
      nothingKept: {
        search: uncached.search,
        resources: uncached.resources,
        statements: uncached.statements,
      },
      trivialQuery: trivial,
      trivialQueryPaced: trivialPaced,
    },
    tables,
  );
}

runBenchmark('bench:directory', main);
