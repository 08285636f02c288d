/** What the organisation's managed policy shows the renderer (main/policy). */
import { z } from 'zod';

/** What the managed policy (hospital IT) fixes; the UI shows these settings as locked. */
export const ManagedSettingsView = z.object({
  /** Names of the policy-set settings (`locale`, `platformUrl`, `idleLockMinutes`, `updateMode`, …). */
  locked: z.array(z.string().max(64)).max(32),
  platformUrl: z.string().max(2048).optional(),
  idleLockMinutes: z.number().int().positive().optional(),
  updateMode: z.enum(['default', 'start', 'manual', 'none']).optional(),
});
export type ManagedSettingsView = z.infer<typeof ManagedSettingsView>;
