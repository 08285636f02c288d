/** The package's own bundle, which `bin/mitate-platform.mjs` runs. */
export declare const defaultOutfile: string;

/** Bundles cli.ts into `outfile` (default: the package's own bundle); resolves with its path. */
export declare function bundleCli(outfile?: string, options?: { sourcemap?: boolean; logLevel?: 'silent' | 'error' | 'warning' | 'info' }): Promise<string>;
