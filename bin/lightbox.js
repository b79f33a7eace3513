#!/usr/bin/env node
// The `lightbox` CLI. It runs the TypeScript sources in place through tsx, so the checkout needs
// no build step before `npx lightbox …`.
import { register } from 'tsx/esm/api';

register();
// `lightbox ls | head`: a closed pipe ends the command quietly, as for any Unix tool.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { runCli } = await import('../electron/node/cli/main.ts');
const stopped = new Promise((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  untilStopped: stopped,
});
