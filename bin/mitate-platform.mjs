#!/usr/bin/env node
import { runBuilt } from './run-built.mjs';

await runBuilt('platform/cli.ts', 'dist/platform/cli.js');
