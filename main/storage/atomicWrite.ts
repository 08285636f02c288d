// Atomic file writes are shared with the reference platform, which keeps its keys and accounts
// the same way: one implementation in the workspace package, re-exported here for main's stores.
export { writeFileAtomic } from '@mitate/atomic-write';
