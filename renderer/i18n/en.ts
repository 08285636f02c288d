// English. Each feature's messages are in en/<feature>.ts; the keys are Japanese's (messages.ts).
import type { Messages } from './messages.js';
import { app, settings, managed } from './en/shell.js';
import { library } from './en/library.js';
import { viewer } from './en/viewer.js';
import { auth, lock } from './en/auth.js';
import { catalog } from './en/catalog.js';
import { jobs, review } from './en/jobs.js';
import { send } from './en/send.js';
import { identity, probeReadout } from './en/identity.js';
import { error } from './en/errors.js';
import { reading } from './en/reading.js';
import { roiText } from './en/roiText.js';

export const en: Messages = {
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
};
