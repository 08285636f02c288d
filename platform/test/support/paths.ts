import { fileURLToPath } from 'node:url';

/** The platform package's folder, with a trailing slash. */
export const platformRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A folder of the repository's shared test data (real scanner series), beside the packages. */
export const testData = (folder: string): string =>
  fileURLToPath(new URL(`../../../test/data/${folder}`, import.meta.url));
