export { writeFileAtomic } from './atomicWrite.js';
