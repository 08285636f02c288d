/**
 * Japanese, the default locale. Keys are shared with en.ts; a test checks they match. Each
 * feature's messages are in ja/<feature>.ts.
 */
import { app, settings, managed } from './ja/shell.js';
import { library } from './ja/library.js';
import { viewer } from './ja/viewer.js';
import { auth, lock } from './ja/auth.js';
import { catalog } from './ja/catalog.js';
import { jobs, review } from './ja/jobs.js';
import { send } from './ja/send.js';
import { identity, probeReadout } from './ja/identity.js';
import { error } from './ja/errors.js';
import { reading } from './ja/reading.js';
import { roiText } from './ja/roiText.js';

export const ja = {
  app,
  settings,
  library,
  viewer,
  managed,
  auth,
  lock,
  catalog,
  jobs,
  review,
  send,
  probeReadout,
  identity,
  reading,
  error,
  roiText,
} as const;
