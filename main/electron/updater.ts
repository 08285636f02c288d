/**
 * Self-update with electron-updater, as the policy's update mode says (main/policy/updatePlan.ts).
 *
 * Signature verification, per platform (what electron-updater and the OS do; see build/README.md):
 * - Windows: the downloaded installer must carry an Authenticode signature whose publisher is one
 *   of `publisherName` in app-update.yml (written by electron-builder from the signing config);
 *   electron-updater checks it with PowerShell Get-AuthenticodeSignature before running it.
 * - macOS: Squirrel.Mac installs an update only if its code signature satisfies the running
 *   app's designated requirement (same Developer ID team).
 * - Linux AppImage: the file's SHA-512 from latest-linux.yml, fetched over HTTPS from the same
 *   feed; there is no publisher signature, so hospitals that need one deploy deb/rpm (which never
 *   self-update) through their repository instead.
 * Every download is also checked against the SHA-512 in the update metadata. Downgrades and
 * pre-releases are refused.
 *
 * This file needs the Electron binary and is not run in tests here; the plan it follows is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { AuditLog } from '../audit/index.js';
import { type ManagedPolicy, updatePlan, type UpdatePlan } from '../policy/index.js';

export interface Updater {
  plan: UpdatePlan;
  /** A user-triggered check (only where the plan allows it). */
  checkNow(): Promise<void>;
}

export function startUpdater(policy: ManagedPolicy, audit: AuditLog): Updater {
  const { autoUpdater } = electronUpdater;
  const plan = updatePlan(policy.updateMode, {
    packaged: app.isPackaged,
    packageFormat: process.env['APPIMAGE'] === undefined ? packageFormat() : 'AppImage',
  });
  autoUpdater.autoDownload = plan.autoDownload;
  autoUpdater.autoInstallOnAppQuit = plan.installOnQuit;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  autoUpdater.logger = null;
  if (policy.updateUrl !== undefined)
    autoUpdater.setFeedURL({ provider: 'generic', url: policy.updateUrl });

  autoUpdater.on('update-downloaded', (info) => {
    void audit.record({
      event: 'applicationActivity',
      type: 'softwareConfiguration',
      action: 'U',
      outcome: 0,
      reason: 'update_downloaded',
      detail: { version: info.version },
    });
  });
  autoUpdater.on('error', (error) => {
    // A failed signature or checksum check is a security event; a network error is not.
    const message = error instanceof Error ? error.message : '';
    if (/sign|sha512|checksum/i.test(message)) {
      void audit.record({
        event: 'securityAlert',
        type: 'softwareConfiguration',
        action: 'E',
        outcome: 8,
        reason: 'update_verification_failed',
      });
    }
  });

  const check = async (): Promise<void> => {
    try {
      await autoUpdater.checkForUpdates();
    } catch {
      // Offline, or the feed is unreachable: the next check tries again.
    }
  };
  if (plan.checkAtStart) void check();
  if (plan.recheckHours !== null)
    setInterval(() => void check(), plan.recheckHours * 3_600_000).unref();

  return {
    plan,
    checkNow: async () => {
      if (plan.userMayCheck) await check();
    },
  };
}

/** electron-builder writes the Linux package format into the app's resources. */
function packageFormat(): string | undefined {
  try {
    return readFileSync(join(process.resourcesPath, 'package-type'), 'utf8').trim();
  } catch {
    return undefined;
  }
}
