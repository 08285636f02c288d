// Import circles between files and between folders, which ESLint cannot see file by file.
// The graph is read from the sources with TypeScript's parser (no type check, about a second):
// every relative import, re-export and import() is an edge, type-only ones too, since a folder
// that needs another's types depends on it as much as one that needs its code. A folder is a
// feature folder, the first level under a tree, with its sub-folders: renderer/viewer/overlays/x.ts
// is in "renderer/viewer"; files at a tree's top (main/handlers.ts) are in the tree's own folder
// "main". Run directly it checks the app's trees and exits 1 on any circle.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The trees whose files and folders must form no circle. */
export const checkedTrees = ['main', 'renderer', 'platform', 'devhost', 'preload'];

const sourceExtensions = ['.ts', '.tsx'];

function sourceFilesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFilesUnder(full));
    else if (sourceExtensions.includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts'))
      files.push(full);
  }
  return files;
}

/** The module specifiers a file imports, re-exports or loads with import(). */
function specifiersOf(file) {
  const text = readFileSync(file, 'utf8');
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const found = [];
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push(argument.text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The source file a relative specifier names, as NodeNext resolves `./x.js` to `./x.ts`. */
function resolveRelative(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(fromFile), specifier);
  const stem = target.replace(/\.(js|jsx|mjs)$/, '');
  const candidates = [
    target,
    ...sourceExtensions.map((ext) => stem + ext),
    ...sourceExtensions.map((ext) => path.join(target, 'index' + ext)),
  ];
  return candidates.find(
    (candidate) =>
      existsSync(candidate) &&
      statSync(candidate).isFile() &&
      sourceExtensions.includes(path.extname(candidate)),
  );
}

/**
 * The import graph of the given trees under rootDir: file (relative to rootDir, with forward
 * slashes) -> the files it imports. Imports that leave the trees are kept as edges too, so a
 * wall check can see them, but only files inside the trees are nodes.
 */
export function importGraph(rootDir, trees = checkedTrees) {
  const graph = new Map();
  const name = (file) => path.relative(rootDir, file).split(path.sep).join('/');
  for (const tree of trees) {
    const dir = path.join(rootDir, tree);
    if (!existsSync(dir)) continue;
    for (const file of sourceFilesUnder(dir)) {
      const targets = new Set();
      for (const specifier of specifiersOf(file)) {
        const resolved = resolveRelative(file, specifier);
        if (resolved && resolved !== file) targets.add(name(resolved));
      }
      graph.set(name(file), targets);
    }
  }
  return graph;
}

/** The strongly connected parts with more than one member (Tarjan), each sorted. */
function circles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const connect = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const part = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        part.push(member);
      } while (member !== node);
      if (part.length > 1) found.push(part.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

/** Circles between files: each is the files of one strongly connected part. */
export function fileCircles(graph) {
  return circles(graph);
}

/** The feature folder of a file: its tree and first folder under it, else the tree. */
const folderOf = (file) => {
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
};

/**
 * Circles between folders, after collapsing every file into its feature folder. Each comes with
 * one file-level import for each folder-to-folder edge inside it, so the report says where
 * to cut.
 */
export function folderCircles(graph) {
  const folders = new Map();
  const example = new Map();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    if (!folders.has(from)) folders.set(from, new Set());
    for (const target of targets) {
      if (!graph.has(target)) continue;
      const to = folderOf(target);
      if (to === from) continue;
      folders.get(from).add(to);
      const key = `${from} -> ${to}`;
      if (!example.has(key)) example.set(key, `${file} -> ${target}`);
    }
  }
  return circles(folders).map((members) => ({
    folders: members,
    imports: [...example.entries()]
      .filter(([key]) => {
        const [from, to] = key.split(' -> ');
        return members.includes(from) && members.includes(to);
      })
      .map(([, edge]) => edge)
      .sort(),
  }));
}

function main() {
  const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const graph = importGraph(rootDir);
  const files = fileCircles(graph);
  const folders = folderCircles(graph);
  for (const part of files) console.error(`import circle between files: ${part.join(', ')}`);
  for (const part of folders) {
    console.error(`import circle between folders: ${part.folders.join(', ')}`);
    for (const edge of part.imports) console.error(`  ${edge}`);
  }
  if (files.length + folders.length > 0) {
    console.error(`${files.length} file circle(s), ${folders.length} folder circle(s)`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
