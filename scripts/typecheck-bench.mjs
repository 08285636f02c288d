// Type-checks bench/ with bench/tsconfig.json, as Node will run it: erasableSyntaxOnly and
// verbatimModuleSyntax on. Only errors in bench/ are reported: the app's modules the benchmarks
// import are checked by `tsc -p tsconfig.json`, and those options do not apply to them (esbuild
// bundles them).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = `${root}bench/`;
const configFile = `${benchDir}tsconfig.json`;
const parsed = ts.getParsedCommandLineOfConfigFile(
  configFile,
  { erasableSyntaxOnly: true, verbatimModuleSyntax: true },
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => report([diagnostic]),
  },
);
if (parsed === undefined) process.exit(1);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const inBench = program.getSourceFiles().filter((file) => file.fileName.startsWith(benchDir));
const diagnostics = [
  ...parsed.errors,
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...inBench.flatMap((file) => [
    ...program.getSyntacticDiagnostics(file),
    ...program.getSemanticDiagnostics(file),
  ]),
];
report(diagnostics);
process.exit(diagnostics.length === 0 ? 0 : 1);

function report(list) {
  if (list.length === 0) return;
  const host = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(list, host));
}
