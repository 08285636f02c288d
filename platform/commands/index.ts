// What other folders may use of platform/commands; code outside imports it only from here.
// Each command is a module exporting `run(argv): Promise<exitCode>`, loaded only when it is
// the one asked for, so `phantom` never starts the identity provider's dependencies.
type CommandModule = { run(argv: string[]): Promise<number> };

export const commands: Record<string, () => Promise<CommandModule>> = {
  // the HTTP server (identity provider, catalog, DICOMweb, UPS-RS)
  serve: () => import('./serve.js'),
  // synthetic TOF-MRA phantoms with truth.json
  phantom: () => import('./phantom.js'),
  // run a reference AI service offline on a folder (the reference performer runs it this way too)
  analyze: () => import('./analyze.js'),
};
