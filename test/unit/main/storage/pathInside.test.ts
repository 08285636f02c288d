// Paths built from outside names stay inside their folder, whatever the name holds.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathOutsideFolderError, pathInside } from '../../../../main/storage/index.js';

describe('pathInside', () => {
  const folder = resolve('/data/ai-results');
  it('joins names that stay inside', () => {
    expect(pathInside(folder, 'job', '2.25.1.dcm')).toBe(join(folder, 'job', '2.25.1.dcm'));
    expect(pathInside(folder, 'a/../b.dcm')).toBe(join(folder, 'b.dcm'));
    expect(pathInside(folder, '..dcm')).toBe(join(folder, '..dcm'));
  });
  it('refuses names that leave it or name the folder itself', () => {
    for (const name of ['..', '../x.dcm', 'job/../../x.dcm', '/etc/passwd', '', '.'])
      expect(() => pathInside(folder, name), name).toThrow(PathOutsideFolderError);
    expect(() => pathInside(folder, '../ai-results-other/x')).toThrow(PathOutsideFolderError);
  });
});
