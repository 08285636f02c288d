/**
 * The settings the app runs with: defaults, under the user's own settings, under the managed
 * policy. A setting the policy fixes is "locked": the UI shows it as set by the organisation and
 * a request to change it is refused with `setting_locked`.
 */
import type { ManagedSettingsView, Settings } from '../../preload/contract/index.js';
import { HandlerError } from '../errors/index.js';
import type { SettingsStore } from '../settings/index.js';
import type { ManagedPolicy } from './managedPolicy.js';

/** User settings that a policy key of the same name can fix. */
const LOCKABLE = ['locale'] as const satisfies readonly (keyof Settings & keyof ManagedPolicy)[];

export class ManagedSettings {
  constructor(
    private readonly store: Pick<SettingsStore, 'get' | 'update'>,
    private readonly policy: ManagedPolicy,
  ) {}

  /** Names of the settings the policy fixes, user settings and policy-only ones alike. */
  locked(): string[] {
    return Object.keys(this.policy).filter(
      (key) => this.policy[key as keyof ManagedPolicy] !== undefined,
    );
  }

  /** What the renderer needs to show locked settings and the values IT chose. */
  view(): ManagedSettingsView {
    const { platformUrl, idleLockMinutes, updateMode } = this.policy;
    return {
      locked: this.locked(),
      ...(platformUrl === undefined ? {} : { platformUrl }),
      ...(idleLockMinutes === undefined ? {} : { idleLockMinutes }),
      ...(updateMode === undefined ? {} : { updateMode }),
    };
  }

  async get(): Promise<Settings> {
    const user = await this.store.get();
    const fixed: Partial<Settings> = {};
    for (const key of LOCKABLE) if (this.policy[key] !== undefined) fixed[key] = this.policy[key];
    return { ...user, ...fixed };
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    // `{ locale: undefined }` passes the request schema (zod's partial) and survives IPC's
    // structured clone; spread over the stored settings it would erase the value. Found by fuzzing.
    const given = Object.fromEntries(
      Object.entries(change).filter(([, value]) => value !== undefined),
    ) as Partial<Settings>;
    const refused = Object.keys(given).find(
      (key) => this.policy[key as keyof ManagedPolicy] !== undefined,
    );
    if (refused !== undefined) throw new HandlerError('setting_locked', refused);
    await this.store.update(given);
    return this.get();
  }
}
