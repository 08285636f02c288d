/**
 * The policy's minimum de-identification, applied to the options a service asks for
 * (PS3.15 E.3 option names): every option the policy requires is added, and a retain option the
 * policy forbids is refused, not silently dropped. Dropping it would change what the service
 * receives (for example dates it needs); refusing lets the doctor see why the send cannot go.
 */
import type { ManagedPolicy } from './managedPolicy.js';

export type DeidentificationDecision =
  | { ok: true; options: string[] }
  | { ok: false; forbidden: string[] };

export function applyDeidentificationFloor(
  serviceOptions: readonly string[],
  policy: ManagedPolicy,
): DeidentificationDecision {
  const floor = policy.deidentification;
  if (floor === undefined) return { ok: true, options: [...serviceOptions] };
  const forbidden = serviceOptions.filter(
    (option) => (floor.forbid as readonly string[] | undefined)?.includes(option) === true,
  );
  if (forbidden.length > 0) return { ok: false, forbidden };
  return { ok: true, options: [...new Set([...serviceOptions, ...(floor.require ?? [])])] };
}
