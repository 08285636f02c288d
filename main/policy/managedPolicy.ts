/**
 * The managed policy hospital IT sets for every workstation: machine-wide, above the user's own
 * settings, above the defaults. Sources: `/etc/mitate/policy.json` (Linux), the registry under
 * `Software\Policies\Mitate` (Windows, ADMX templates in build/policy/), managed preferences from
 * a configuration profile (macOS). Every source is read into the same JSON shape and checked here.
 *
 * Each key is checked on its own: one bad value is dropped and reported (a security alert in the
 * audit trail) while the others still apply, so a typo in one line cannot unlock the rest.
 */
import { z } from 'zod';
import { CLEAN_OPTION_KEYS, RETAIN_OPTION_KEYS } from '../../preload/contract/deidentification.js';
import { LocalAe, Locale, RemoteNode } from '../../preload/contract/index.js';

export const UPDATE_MODES = ['default', 'start', 'manual', 'none'] as const;
export type UpdateMode = (typeof UPDATE_MODES)[number];

const loopback = (url: URL): boolean =>
  url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';

/** https, or http on loopback only (an evaluation platform on the same machine). */
const ServiceUrl = z
  .string()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (
        (url.protocol === 'https:' || (url.protocol === 'http:' && loopback(url))) &&
        url.username === '' &&
        url.password === ''
      );
    } catch {
      return false;
    }
  }, 'https URL without credentials');

/** A structured value, or (from the Windows registry, where a value is one string) its JSON text. */
function jsonText<T extends z.ZodType>(schema: T): z.ZodType<z.infer<T>> {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }, schema) as unknown as z.ZodType<z.infer<T>>;
}

/** A host name or IP address, nothing else (no scheme, no path). */
const HostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/);

/** base64url SHA-256 of a signing key (RFC 7638 JWK thumbprint): 43 characters. */
const KeyThumbprint = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const policyFields = {
  platformUrl: ServiceUrl,
  pinnedCatalogKeys: z.array(KeyThumbprint).min(1).max(16),
  allowedServices: z.array(z.string().min(1).max(200)).max(500),
  deidentification: z
    .object({
      /** PS3.15 E.3 options that remove more than the Basic Profile: a policy may make them mandatory. */
      require: z.array(z.enum(CLEAN_OPTION_KEYS)).optional(),
      /** PS3.15 E.3 options that keep more than the Basic Profile: a policy may forbid them. */
      forbid: z.array(z.enum(RETAIN_OPTION_KEYS)).optional(),
    })
    .strict(),
  idleLockMinutes: z.number().int().min(1).max(480),
  updateMode: z.enum(UPDATE_MODES),
  /** A generic update server (an internal mirror); the default is the release feed. */
  updateUrl: ServiceUrl,
  proxy: z
    .object({
      mode: z.enum(['system', 'direct', 'fixed', 'pac']),
      /** For "fixed": host:port, as Chromium's proxy rules take it. */
      server: z
        .string()
        .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/)
        .optional(),
      pacUrl: ServiceUrl.optional(),
      bypass: z.string().max(2000).optional(),
    })
    .strict()
    .refine(
      (proxy) =>
        (proxy.mode !== 'fixed' || proxy.server !== undefined) &&
        (proxy.mode !== 'pac' || proxy.pacUrl !== undefined),
      'server or pacUrl missing',
    ),
  /** IHE ATNA: RFC 5424 syslog over TLS (RFC 5425) to the hospital's audit repository. */
  auditForwarding: z
    .object({
      host: HostName,
      port: z.number().int().min(1).max(65535).default(6514),
      /** PEM file of the CA that signed the collector's certificate; the system's CAs if absent. */
      caFile: z.string().min(1).max(4096).optional(),
    })
    .strict(),
  locale: Locale,
  /** The workstation's own AE (title, port, the storage SCP on or off…): each given field is fixed. */
  pacsLocalAe: jsonText(LocalAe.partial().strict()),
  /** Remote nodes IT configures: shown to every user, fixed; users may add their own beside them. */
  pacsNodes: jsonText(z.array(RemoteNode).max(64)),
} as const;

export type PolicyKey = keyof typeof policyFields;
export const POLICY_KEYS = Object.keys(policyFields) as PolicyKey[];
export type ManagedPolicy = { [K in PolicyKey]?: z.infer<(typeof policyFields)[K]> };

/** What was wrong with a policy source: codes and key names only, never the values. */
export interface PolicyProblem {
  source: string;
  /** The policy key, or "*" when the source as a whole could not be read. */
  key: string;
  problem: 'unreadable' | 'not-an-object' | 'invalid-value' | 'unknown-key';
}

export interface PolicyReading {
  policy: ManagedPolicy;
  problems: PolicyProblem[];
}

/** Checks a source's raw value key by key; keys match case-insensitively (registry names). */
export function checkPolicy(raw: unknown, source: string): PolicyReading {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { policy: {}, problems: [{ source, key: '*', problem: 'not-an-object' }] };
  }
  const policy: Record<string, unknown> = {};
  const problems: PolicyProblem[] = [];
  const byLowerCase = new Map(POLICY_KEYS.map((key) => [key.toLowerCase(), key]));
  for (const [name, value] of Object.entries(raw)) {
    const key = byLowerCase.get(name.toLowerCase());
    if (key === undefined) {
      problems.push({ source, key: name.slice(0, 64), problem: 'unknown-key' });
      continue;
    }
    const parsed = (policyFields[key] as z.ZodType).safeParse(value);
    if (parsed.success) policy[key] = parsed.data;
    else problems.push({ source, key, problem: 'invalid-value' });
  }
  return { policy: policy as ManagedPolicy, problems };
}

/** Sources from lowest to highest precedence: later ones win key by key. */
export function mergePolicies(readings: PolicyReading[]): PolicyReading {
  return {
    policy: Object.assign({}, ...readings.map((reading) => reading.policy)) as ManagedPolicy,
    problems: readings.flatMap((reading) => reading.problems),
  };
}
