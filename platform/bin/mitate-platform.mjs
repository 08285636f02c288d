#!/usr/bin/env node
// `npx mitate-platform …`: bundles cli.ts with esbuild on first use (or when the bundle is
// missing; the root `npm run build` renews it), then runs it. Works straight after `npm install`,
// without a separate build step.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { bundleCli, defaultOutfile } from '../bundle.mjs';

if (!existsSync(defaultOutfile)) await bundleCli();
await import(pathToFileURL(defaultOutfile).href);
