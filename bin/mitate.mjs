#!/usr/bin/env node
import { runBuilt } from './run-built.mjs';

await runBuilt('main/cli/index.ts', 'dist/cli/mitate.js');
