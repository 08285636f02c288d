// What other folders may use of main/storage; code outside imports it only from here.
export { writeFileAtomic } from './atomicWrite.js';
export { makePrivateFolder, makeTreePrivate } from './privateFolder.js';
export { PathOutsideFolderError, pathInside } from './pathInside.js';
