/** What the renderer may know of the app and the shell it runs in. */
import { z } from 'zod';
import { Empty } from './shared.js';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'devhost']),
  platform: z.string(),
  /** Whether the host can show a native folder picker (Electron) or needs a typed path. */
  nativeDialogs: z.boolean(),
  /** Base URL of the reference platform `npm start` runs embedded on loopback, when it does. */
  platformUrl: z.string().max(2048).optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appChannels = {
  'app.info': { request: Empty, response: AppInfo },
} as const;
