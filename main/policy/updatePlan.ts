/**
 * What the updater does under each policy update mode. Plain data, so the rules are tested
 * without Electron; main/electron/updater.ts carries them out with electron-updater.
 *
 * - default: check at start and every few hours, download in the background, install on quit;
 * - start:   check once at start, download, install on quit; no checks while the doctor works;
 * - manual:  never check by itself; the user may check (and then download) from the app;
 * - none:    never check, not even by hand: IT deploys new versions (MSI, deb, rpm, MDM).
 */
import type { UpdateMode } from './managedPolicy.js';

export interface UpdatePlan {
  checkAtStart: boolean;
  /** Hours between background checks, or null for none. */
  recheckHours: number | null;
  autoDownload: boolean;
  installOnQuit: boolean;
  userMayCheck: boolean;
}

const PLANS: Record<UpdateMode, UpdatePlan> = {
  default: {
    checkAtStart: true,
    recheckHours: 4,
    autoDownload: true,
    installOnQuit: true,
    userMayCheck: true,
  },
  start: {
    checkAtStart: true,
    recheckHours: null,
    autoDownload: true,
    installOnQuit: true,
    userMayCheck: true,
  },
  manual: {
    checkAtStart: false,
    recheckHours: null,
    autoDownload: false,
    installOnQuit: true,
    userMayCheck: true,
  },
  none: {
    checkAtStart: false,
    recheckHours: null,
    autoDownload: false,
    installOnQuit: false,
    userMayCheck: false,
  },
};

const OFF: UpdatePlan = PLANS.none;

/**
 * The plan for a mode. An unpackaged app (development) and a Linux package managed by the
 * system's package manager (deb, rpm: updated by apt/dnf, not by the app) never update themselves.
 */
export function updatePlan(
  mode: UpdateMode | undefined,
  context: { packaged: boolean; packageFormat?: string },
): UpdatePlan {
  if (!context.packaged) return OFF;
  if (context.packageFormat === 'deb' || context.packageFormat === 'rpm') return OFF;
  return PLANS[mode ?? 'default'];
}
