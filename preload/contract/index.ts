/**
 * The one list of what the renderer may ask of the main process, assembled from one file per
 * feature (`./<feature>.ts`, each exporting its schemas, its channel map and its events).
 *
 * Every channel has a zod schema for its request and its response; every event has one for its
 * payload. The Electron preload and the dev host's browser bridge both build `window.mitate` from
 * this list, and the main process validates every request against it before a handler runs.
 * Nothing here may carry a file-system secret or a token; patient data travels only in responses
 * the renderer needs to show.
 */
import type { z } from 'zod';
import { appChannels } from './app.js';
import { authChannels, authEvents } from './auth.js';
import { catalogChannels, catalogEvents } from './catalog.js';
import type { Result } from './errors.js';
import { jobsChannels, jobsEvents } from './jobs.js';
import { libraryChannels, libraryEvents } from './library.js';
import { pacsChannels, pacsEvents } from './pacs.js';
import { reviewChannels } from './review.js';
import { sessionChannels } from './session.js';
import { settingsChannels } from './settings.js';

export * from './app.js';
export * from './auth.js';
export * from './catalog.js';
export * from './deidentification.js';
export * from './dicom.js';
export * from './errors.js';
export * from './jobs.js';
export * from './library.js';
export * from './pacs.js';
export * from './policy.js';
export * from './review.js';
export * from './session.js';
export * from './settings.js';
export { AiAlgorithm } from './shared.js';

export const channels = {
  ...jobsChannels,
  ...reviewChannels,
  ...appChannels,
  ...settingsChannels,
  ...libraryChannels,
  ...authChannels,
  ...sessionChannels,
  ...catalogChannels,
  ...pacsChannels,
} as const;

export const events = {
  ...jobsEvents,
  ...libraryEvents,
  ...authEvents,
  ...catalogEvents,
  ...pacsEvents,
} as const;

export type Channel = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
/** The channels of one feature, named `<prefix>.*` (`library`, `auth`, `session`, …). */
export type ChannelOf<Prefix extends string> = Extract<Channel, `${Prefix}.${string}`>;

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** The typed API the renderer sees as `window.mitate`. */
export type MitateApi = {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The file-system path of a dropped File where the host knows it (Electron), else null. */
  pathForFile(file: File): string | null;
};

/** The single Electron IPC channel that carries events, as (name, payload). */
export const IPC_EVENT_CHANNEL = 'mitate:event';
/**
 * Electron only: the preload tells main the path of a file the doctor dropped (read from the real
 * drag, which a page script cannot forge), so main imports it without asking (main/host/pathGrants.ts).
 */
export const DROPPED_PATH_CHANNEL = 'mitate:dropped-path';
