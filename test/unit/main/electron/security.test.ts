/**
 * Our own security scan of the Electron configuration (electronegativity is unmaintained), run
 * in CI with the unit tests. It reads the shell's sources with the TypeScript compiler and
 * fails on: a BrowserWindow without isolation and sandbox, an IPC handler that does not check
 * its sender, a preload that exposes more than the contract's API, a navigation or new-window
 * path that is not guarded, a privileged scheme that bypasses CSP, a weakened CSP, or fuses
 * not set in the packaging configuration. The navigation rules themselves are tested too.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONTENT_SECURITY_POLICY } from '../../../../main/host/index.js';
import {
  isAppUrl,
  navigationAllowed,
  openInSystemBrowser,
} from '../../../../main/electron/navigationGuard.js';
import { repoRoot } from '../../../support/paths.js';

interface Source {
  file: string;
  text: string;
  tree: ts.SourceFile;
}

async function load(file: string): Promise<Source> {
  const text = await readFile(join(repoRoot, file), 'utf8');
  return {
    file,
    text,
    tree: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
  };
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** Calls like `ipcMain.handle(…)`: receiver and method names as written. */
function calls(source: Source, receiver: string, methods: string[]): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  walk(source.tree, (node) => {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
    const { expression, name } = node.expression;
    if (expression.getText(source.tree) === receiver && methods.includes(name.text))
      found.push(node);
  });
  return found;
}

function objectLiteralProperties(
  node: ts.ObjectLiteralExpression,
  tree: ts.SourceFile,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property))
      out.set(property.name.getText(tree), property.initializer.getText(tree));
    else if (ts.isShorthandPropertyAssignment(property))
      out.set(property.name.text, property.name.text);
  }
  return out;
}

const shellFiles = (await readdir(join(repoRoot, 'main/electron')))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `main/electron/${name}`);
const shell = await Promise.all(shellFiles.map(load));
const preload = await load('preload/index.ts');

describe('Electron configuration scan', () => {
  it('creates every window isolated, sandboxed, without Node, webviews or weakened web security', () => {
    const windows: ts.NewExpression[] = [];
    for (const source of shell) {
      walk(source.tree, (node) => {
        if (ts.isNewExpression(node) && node.expression.getText(source.tree) === 'BrowserWindow')
          windows.push(node);
      });
    }
    expect(windows.length).toBeGreaterThan(0);
    for (const window of windows) {
      const tree = window.getSourceFile();
      const options = window.arguments?.[0];
      expect(options !== undefined && ts.isObjectLiteralExpression(options)).toBe(true);
      const webPreferences = objectLiteralProperties(
        options as ts.ObjectLiteralExpression,
        tree,
      ).get('webPreferences');
      const prefsNode = (options as ts.ObjectLiteralExpression).properties.find(
        (p) => p.name?.getText(tree) === 'webPreferences',
      ) as ts.PropertyAssignment;
      expect(webPreferences, 'webPreferences must be written out').toBeDefined();
      const prefs = objectLiteralProperties(
        prefsNode.initializer as ts.ObjectLiteralExpression,
        tree,
      );
      expect(prefs.get('contextIsolation')).toBe('true');
      expect(prefs.get('sandbox')).toBe('true');
      expect(prefs.get('nodeIntegration')).toBe('false');
      expect(prefs.get('nodeIntegrationInWorker')).toBe('false');
      expect(prefs.get('webviewTag')).toBe('false');
      for (const dangerous of [
        'webSecurity',
        'allowRunningInsecureContent',
        'experimentalFeatures',
        'enableBlinkFeatures',
        'nodeIntegrationInSubFrames',
      ]) {
        expect(prefs.has(dangerous), dangerous).toBe(false);
      }
    }
  });

  it('binds IPC only through ipcMain.handle, and every handler checks its sender first', () => {
    for (const source of shell) {
      expect(
        calls(source, 'ipcMain', ['on', 'once', 'addListener', 'handleOnce']),
        `${source.file}: ipcMain listener without reply`,
      ).toEqual([]);
      for (const call of calls(source, 'ipcMain', ['handle'])) {
        const handler = call.arguments[1];
        expect(
          handler !== undefined &&
            (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)),
          source.file,
        ).toBe(true);
        const body = (handler as ts.ArrowFunction).body;
        const first = ts.isBlock(body) ? body.statements[0] : undefined;
        expect(
          // Whitespace as the formatter lays it out is not what is checked.
          first?.getText(source.tree).replace(/\s+/g, ' '),
          `${source.file}: first statement of an IPC handler`,
        ).toMatch(
          /^if \(!trustedSender\(event, .*\)\) return \{ ok: false, error: \{ code: 'permission_denied'/,
        );
      }
    }
    const ipc = shell.find((source) => source.file.endsWith('/ipc.ts'))!;
    // The sender check: our window, its main frame, on our app:// origin.
    expect(ipc.text).toMatch(/event\.senderFrame/);
    expect(ipc.text).toMatch(/frame === window\.webContents\.mainFrame/);
    expect(ipc.text).toMatch(/isAppUrl\(frame\.url\)/);
  });

  it('the preload exposes one object, the contract API, and no raw IPC', () => {
    const exposed = calls(preload, 'contextBridge', ['exposeInMainWorld', 'exposeInIsolatedWorld']);
    expect(exposed).toHaveLength(1);
    expect(exposed[0]!.arguments.map((argument) => argument.getText(preload.tree))).toEqual([
      "'mitate'",
      'api',
    ]);
    expect(preload.text).toMatch(/const api = createMitateApi\(/);
    expect(
      calls(preload, 'ipcRenderer', ['send', 'sendSync', 'sendToHost', 'postMessage']),
    ).toEqual([]);
    // No Electron or Node object handed to the page.
    expect(preload.text).not.toMatch(/exposeInMainWorld\([^)]*(ipcRenderer|require|process|shell)/);
  });

  it('guards navigation, redirects, new windows, webviews and permissions for every web contents', () => {
    const security = shell.find((source) => source.file.endsWith('/security.ts'))!;
    // The calls as written, whatever line breaks and trailing commas the formatter put in them.
    const compact = security.text.replace(/\s+/g, ' ').replace(/,\s*\)/g, ')');
    expect(security.text).toMatch(/app\.on\('web-contents-created'/);
    for (const guard of [
      /on\('will-navigate'[\s\S]*?navigationAllowed\(url\)\) event\.preventDefault\(\)/,
      /on\('will-redirect'[\s\S]*?navigationAllowed\(url\)\) event\.preventDefault\(\)/,
      /on\('will-attach-webview', \(event\) => event\.preventDefault\(\)\)/,
      /setWindowOpenHandler\([\s\S]*?return \{ action: 'deny' \}/,
      /setPermissionRequestHandler\(\([^)]*\) => callback\(false\)\)/,
      /setPermissionCheckHandler\(\(\) => false\)/,
    ]) {
      expect(compact).toMatch(guard);
    }
    // shell.openExternal only behind a check of the URL's scheme (https, or http for the
    // login redirect on loopback); never shell.openPath.
    for (const source of shell) {
      expect(calls(source, 'shell', ['openPath', 'showItemInFolder']), source.file).toEqual([]);
      for (const call of calls(source, 'shell', ['openExternal'])) {
        let guard: ts.Node | undefined = call.parent;
        while (guard !== undefined && !ts.isIfStatement(guard)) guard = guard.parent;
        const condition =
          guard === undefined ? '' : (guard as ts.IfStatement).expression.getText(source.tree);
        expect(
          condition,
          `${source.file}: shell.openExternal must be guarded by a scheme check`,
        ).toMatch(/openInSystemBrowser\(url\)|\^https\?:|\^https:/);
      }
    }
  });

  it('loads the renderer from app://, never file://, and the scheme does not bypass CSP', () => {
    const all = shell.map((source) => source.text).join('\n');
    for (const source of shell) {
      expect(calls(source, 'mainWindow', ['loadFile']), source.file).toEqual([]);
      walk(source.tree, (node) => {
        if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node))
          expect(node.text, `${source.file}: a file:// URL`).not.toMatch(/^file:/);
      });
    }
    expect(all).toMatch(/loadURL\(`\$\{APP_ORIGIN\}\/`\)/);
    expect(all).toMatch(/registerSchemesAsPrivileged/);
    expect(all).not.toMatch(/bypassCSP:\s*true|allowServiceWorkers:\s*true/);
  });

  it('keeps the Content-Security-Policy strict', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';')
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|\*|https?:/);
  });

  it('packages with every fuse set the safe way', async () => {
    const config = parse(await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
      electronFuses: Record<string, boolean>;
    };
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('pins the Electron version (a range could pull an untested major)', async () => {
    const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies['electron']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('navigation rules', () => {
  it('allows navigation only within app://mitate', () => {
    expect(navigationAllowed('app://mitate/')).toBe(true);
    expect(navigationAllowed('app://mitate/index.html#study')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'app://other/',
      'app://mitate.evil.example/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
      'not a url',
    ]) {
      expect(navigationAllowed(url), url).toBe(false);
    }
    expect(isAppUrl('app://mitate/dicom/abc')).toBe(true);
  });

  it('sends only plain https links to the system browser', () => {
    expect(openInSystemBrowser('https://docs.example.jp/help')).toBe(true);
    for (const url of [
      'http://docs.example.jp/',
      'file:///C:/Windows/system32/calc.exe',
      'smb://server/share',
      'ms-msdt:/id',
      'javascript:alert(1)',
      'https://user:pw@evil.example/',
      'app://mitate/',
    ]) {
      expect(openInSystemBrowser(url), url).toBe(false);
    }
  });
});
