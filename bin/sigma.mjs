#!/usr/bin/env node
// `sigma` / `npx sigma`: runs the TypeScript CLI through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/index.ts');
process.exit(await runCli(process.argv.slice(2)));
