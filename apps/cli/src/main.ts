import 'reflect-metadata';
import { runCli } from './cli';

/** `npm run cli -- <command>`: operator commands. `--help` lists them. */
void runCli(process.argv.slice(2), {
  env: process.env,
  io: {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
}).then(
  (status) => {
    process.exitCode = status;
  },
  (error: Error) => {
    process.stderr.write(`fpn: ${error.message}\n`);
    process.exitCode = 2;
  },
);
