import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const testData = (folder: string): string => `${repoRoot}test/data/${folder}`;
