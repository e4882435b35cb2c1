#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so that catalogs written in TypeScript load as they are.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
