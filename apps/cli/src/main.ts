#!/usr/bin/env node
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './cli';
import { stdinSecrets } from './read-secret';

/**
 * While `npm start` runs, its embedded PostgreSQL and local Redis are described
 * in `<DATA_DIR>/runtime.env`; commands use it when no DATABASE_URL is given.
 */
const runtimeEnv = path.resolve(process.env.DATA_DIR || '.data', 'runtime.env');
if (!process.env.DATABASE_URL && existsSync(runtimeEnv)) process.loadEnvFile(runtimeEnv);

/** `fpn <command>` (or `npm run cli -- <command>`): the client and operator commands. `--help` lists them. */
void runCli(process.argv.slice(2), {
  env: process.env,
  io: {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
  secrets: stdinSecrets(),
}).then(
  (status) => {
    process.exitCode = status;
  },
  (error: Error) => {
    process.stderr.write(`fpn: ${error.message}\n`);
    process.exitCode = 2;
  },
);
