/**
 * The study library: the index of the doctor's imported instances (patient, study, series,
 * instance) kept on disk across restarts, its import, and its channels. Renderer ids for
 * studies, series and instances are made here (`opaqueId`).
 */
export { resolveInstanceFile, type InstanceFile } from './instanceFile.js';
export { createLibraryHandlers } from './libraryHandlers.js';
export { listFiles, type ListedFile } from './listFiles.js';
export { opaqueId, StudyLibrary, type IndexedInstance } from './studyLibrary.js';
