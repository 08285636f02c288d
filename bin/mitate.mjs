#!/usr/bin/env node
import module from 'node:module';
import { runBuilt } from './run-built.mjs';

// V8's compiled code for the bundle and the packages it loads, kept on disk between runs: most of
// a short run's start-up was compiling them again (Node 22.1+; older Node just compiles).
module.enableCompileCache?.();

await runBuilt('main/cli/index.ts', 'dist/cli/mitate.js');
