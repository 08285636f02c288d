/**
 * The platform performer's `analyze` command for the main-job e2e: runs the real
 * `mitate-platform analyze` and, when it succeeds, keeps a copy of the service's findings.json
 * (which the performer deletes with the job folder), so the test can compare the findings on
 * screen with what the service itself wrote.
 *
 *   node analyzeKeepingFindings.mjs <keep-folder> <platform-cli.js> analyze --service … --in … --out …
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

const [keepFolder, platformCli, ...analyzeArgs] = process.argv.slice(2);
const result = spawnSync(process.execPath, [platformCli, ...analyzeArgs], { stdio: 'ignore' });
if (result.status === 0)
  copyFileSync(
    join(analyzeArgs[analyzeArgs.indexOf('--out') + 1], 'findings.json'),
    join(keepFolder, 'findings.json'),
  );
process.exit(result.status ?? 1);
