// Run by bench/deid.bench.ts inside test/support/with-keyring.sh (the command keeps its keys in the
// OS keychain, so it needs a Secret Service), with one argument: the comparisons as JSON. Prints
// their figures, one JSON line each.
import { printer } from '../figures.ts';
import { compareCold, type Comparison } from '../peers.ts';

const comparisons = JSON.parse(process.argv[2]!) as Comparison[];
for (const comparison of comparisons) await compareCold(printer(2), comparison);
