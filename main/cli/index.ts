// Entry of the `mitate` command: the commands register themselves here, one line each.
import { main } from './mitate.js';

process.exitCode = await main(process.argv.slice(2));
