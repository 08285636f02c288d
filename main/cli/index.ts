// Entry of the `mitate` command: the commands register themselves here, one line each.
import { main, registerCommand } from './mitate.js';

registerCommand('audit', () => import('./auditCommand.js').then((m) => m.auditCommand));
registerCommand('deid', () => import('./deidCommand.js').then((m) => m.deidCommand));

process.exitCode = await main(process.argv.slice(2));
