/** The platform's signed catalog of AI services, and which of them accept a series. */
import { z } from 'zod';
import { Empty } from './shared.js';

const Localized = z.object({ ja: z.string().max(4000), en: z.string().max(4000) });
const CodedValue = z.object({
  value: z.string().max(64),
  scheme: z.string().max(64),
  meaning: z.string().max(256),
});

/** One AI service of the platform's signed catalog (its fields as the platform publishes them). */
export const CatalogService = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  version: z.string().max(64),
  name: Localized,
  description: Localized,
  category: z.string().max(64),
  vendor: z.object({ name: z.string().max(256), url: z.string().max(2048).optional() }),
  regulatoryStatus: z.object({ code: z.string().max(64), text: Localized }),
  input: z.object({
    modalities: z.array(z.string().max(16)).min(1).max(32),
    bodyParts: z.array(z.string().max(64)).max(64),
    sopClassUids: z.array(z.string().max(64)).min(1).max(64),
    minSlices: z.number().int().positive(),
    seriesHints: z.array(z.string().max(64)).max(64),
  }),
  outputs: z
    .array(
      z.object({
        type: z.string().max(16),
        sopClassUid: z.string().max(64),
        template: z.string().max(64).optional(),
      }),
    )
    .max(16),
  deidentification: z.object({ profile: CodedValue, options: z.array(CodedValue).max(16) }),
  workitemCode: CodedValue,
  turnaround: z.object({
    typicalSeconds: z.number().positive(),
    maxSeconds: z.number().positive(),
  }),
});
export type CatalogService = z.infer<typeof CatalogService>;

export const CatalogState = z.object({
  platformUrl: z.string().max(2048).nullable(),
  services: z.array(CatalogService).max(500),
  /** When the catalog was last confirmed by the platform (ISO 8601); null when never. */
  syncedAt: z.string().max(40).nullable(),
  /** `cache`: the last good catalog from disk, because the platform could not be reached. */
  source: z.enum(['network', 'cache', 'none']),
  /** A catalog was refused: bad signature, or signed by a key that is not trusted. */
  /** `too_large`: the platform sent a catalog over the size limit; the download was stopped. */
  alert: z.enum(['bad_signature', 'untrusted_key', 'too_large']).nullable(),
});
export type CatalogState = z.infer<typeof CatalogState>;

/** Why a service does not accept a series. */
export const IneligibleReason = z.enum([
  'modality',
  'body-part',
  'sop-class',
  'too-few-slices',
  'sequence',
  'no-images',
  'not-allowed',
]);
export type IneligibleReason = z.infer<typeof IneligibleReason>;

export const ServiceEligibility = z.object({
  serviceId: z.string().max(64),
  eligible: z.boolean(),
  reasons: z.array(IneligibleReason).max(8),
  /** For too-few-slices: how many the series has and the service needs. */
  slices: z.number().int().nonnegative(),
  minSlices: z.number().int().nonnegative(),
});
export type ServiceEligibility = z.infer<typeof ServiceEligibility>;

export const catalogChannels = {
  'catalog.state': { request: Empty, response: CatalogState },
  'catalog.sync': { request: Empty, response: CatalogState },
  /** The signed-in user's pinned services ("My page"), in the order pinned. */
  'catalog.pins': {
    request: Empty,
    response: z.object({ pinned: z.array(z.string().max(64)).max(500) }),
  },
  'catalog.setPinned': {
    request: z.object({ serviceId: z.string().min(1).max(64), pinned: z.boolean() }).strict(),
    response: z.object({ pinned: z.array(z.string().max(64)).max(500) }),
  },
  /** Which catalog services accept this series, and why the others do not. */
  'catalog.eligibility': {
    request: z.object({ seriesId: z.string().min(1).max(128) }).strict(),
    response: z.array(ServiceEligibility),
  },
} as const;

export const catalogEvents = {
  'catalog.changed': CatalogState,
} as const;
