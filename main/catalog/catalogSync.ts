/**
 * Keeps the platform's service catalog: revalidates it with its ETag (If-None-Match, 304 per
 * RFC 9110 §13.1.2 and §15.4.5), verifies every new JWS against the trusted keys before use,
 * keeps the last good one on disk and falls back to it offline.
 *
 * A refused catalog (bad signature, unknown key) never replaces the last good one: the state
 * keeps the old services, raises `alert` for the UI and records a 110113 Security Alert.
 */
import type { JWK } from 'jose';
import { z } from 'zod';
import type { CatalogService, CatalogState } from '../../preload/contract/index.js';
import type { AuditLog } from '../audit/index.js';
import { auditRecords } from '../audit/index.js';
import { isResponseTooLarge, RESPONSE_LIMITS, readBoundedText } from '../net/index.js';
import { readCachedCatalog, writeCachedCatalog, type CachedCatalog } from './catalogCache.js';
import {
  readFirstUseKeys,
  trustModeOf,
  writeFirstUseKeys,
  type TrustMode,
} from './catalogTrust.js';
import { keyThumbprint, publicEcKey, verifyCatalog } from './verifyCatalog.js';

export interface CatalogSyncOptions {
  dataDir: string;
  platformUrl: string | undefined;
  /** The platform is the embedded demo platform (npm start), not one set by policy. */
  embedded: boolean;
  pinnedKeys?: string[];
  audit?: AuditLog;
  onChange(state: CatalogState): void;
  /** Network timeout per request. */
  timeoutMs?: number;
}

const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())).max(32) });

export class CatalogSync {
  private services: CatalogService[] = [];
  private syncedAt: string | null = null;
  private source: CatalogState['source'] = 'none';
  private alert: CatalogState['alert'] = null;
  private cached: CachedCatalog | undefined;
  private running: Promise<CatalogState> | undefined;
  private readonly trust: Promise<TrustMode>;

  constructor(private readonly options: CatalogSyncOptions) {
    this.trust =
      options.platformUrl === undefined
        ? Promise.resolve({ kind: 'none' })
        : trustModeOf({
            pinned: options.pinnedKeys,
            platformUrl: options.platformUrl,
            embedded: options.embedded,
          });
  }

  state(): CatalogState {
    return {
      platformUrl: this.options.platformUrl ?? null,
      services: this.services,
      syncedAt: this.syncedAt,
      source: this.source,
      alert: this.alert,
    };
  }

  /** Reads the last good catalog from disk; it is verified again like a download. */
  async loadCache(): Promise<void> {
    const platformUrl = this.options.platformUrl;
    const cached = await readCachedCatalog(this.options.dataDir);
    if (cached === undefined || platformUrl === undefined) return;
    const verdict = await verifyCatalog(
      cached.jws,
      [cached.key],
      await this.trustedThumbprints(),
      cached.platformUrl,
    );
    if (!verdict.ok) {
      await this.refuse(verdict.refused, 'cache');
      return;
    }
    this.cached = cached;
    this.services = verdict.payload.services;
    this.syncedAt = cached.syncedAt;
    this.source = 'cache';
    this.changed();
  }

  /** One sync at a time; a second caller gets the running one's result. */
  sync(): Promise<CatalogState> {
    this.running ??= this.syncOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async syncOnce(): Promise<CatalogState> {
    const platformUrl = this.options.platformUrl;
    if (platformUrl === undefined) return this.state();
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'application/jose' };
      // Revalidate only what we still hold for this platform.
      if (
        this.cached?.etag != null &&
        this.cached.platformUrl === platformUrl &&
        this.source !== 'none'
      )
        headers['if-none-match'] = this.cached.etag;
      response = await this.fetch(`${platformUrl}/api/catalog`, headers);
    } catch {
      return this.offline();
    }
    if (response.status === 304 && this.cached !== undefined) {
      this.cached = { ...this.cached, syncedAt: new Date().toISOString() };
      await writeCachedCatalog(this.options.dataDir, this.cached).catch(() => undefined);
      this.syncedAt = this.cached.syncedAt;
      this.source = 'network';
      this.alert = null;
      this.changed();
      return this.state();
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return this.offline();
    }
    let jws: string;
    try {
      // Read within the limit: past it the download stops and the saved catalog stays in use.
      jws = (await readBoundedText(response, RESPONSE_LIMITS.catalog, 'catalog')).trim();
    } catch (error) {
      return isResponseTooLarge(error) ? this.refuse('too_large', 'network') : this.offline();
    }

    let keys: JWK[];
    try {
      keys = await this.signingKeys(platformUrl, jws);
    } catch (error) {
      return isResponseTooLarge(error) ? this.refuse('too_large', 'network') : this.offline();
    }
    if (
      (await this.trust).kind === 'first-use' &&
      (await readFirstUseKeys(this.options.dataDir)) === undefined
    ) {
      // First contact with the embedded demo platform: pin what it publishes now (catalogTrust.ts).
      await writeFirstUseKeys(
        this.options.dataDir,
        await Promise.all(keys.map((key) => keyThumbprint(key))),
      );
    }
    const verdict = await verifyCatalog(jws, keys, await this.trustedThumbprints(), platformUrl);
    if (!verdict.ok) return this.refuse(verdict.refused, 'network');

    const syncedAt = new Date().toISOString();
    this.cached = {
      platformUrl,
      jws,
      etag: response.headers.get('etag'),
      syncedAt,
      key: verdict.key,
    };
    await writeCachedCatalog(this.options.dataDir, this.cached).catch(() => undefined);
    this.services = verdict.payload.services;
    this.syncedAt = syncedAt;
    this.source = 'network';
    this.alert = null;
    this.changed();
    return this.state();
  }

  /** The key the JWS names: from the cache when it is the same one, else the platform's JWKS. */
  private async signingKeys(platformUrl: string, jws: string): Promise<JWK[]> {
    const kid = (
      JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
        kid?: unknown;
      }
    ).kid;
    if (this.cached !== undefined && this.cached.key.kid === kid) return [this.cached.key];
    const response = await this.fetch(`${platformUrl}/.well-known/jwks.json`, {
      accept: 'application/jwk-set+json, application/json',
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error('jwks unavailable');
    }
    const jwks = Jwks.parse(
      JSON.parse(await readBoundedText(response, RESPONSE_LIMITS.catalog, 'catalog')),
    );
    return jwks.keys.filter((key) => key.kty === 'EC').map((key) => publicEcKey(key as JWK));
  }

  private async trustedThumbprints(): Promise<Set<string>> {
    const trust = await this.trust;
    if (trust.kind === 'pinned') return new Set(trust.thumbprints);
    if (trust.kind === 'first-use')
      return new Set((await readFirstUseKeys(this.options.dataDir)) ?? []);
    return new Set();
  }

  private async fetch(url: string, headers: Record<string, string>): Promise<Response> {
    return fetch(url, {
      headers,
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
  }

  private offline(): CatalogState {
    this.source = this.services.length > 0 || this.cached !== undefined ? 'cache' : 'none';
    this.changed();
    return this.state();
  }

  private async refuse(
    reason: 'bad_signature' | 'untrusted_key' | 'too_large',
    from: 'network' | 'cache',
  ): Promise<CatalogState> {
    this.alert = reason;
    if (from === 'network' && this.source === 'network') this.source = 'cache';
    await this.options.audit
      ?.record(
        auditRecords.securityAlert({ reason: `catalog_${reason}`, outcome: 8, detail: { from } }),
      )
      .catch(() => undefined);
    this.changed();
    return this.state();
  }

  private changed(): void {
    this.options.onChange(this.state());
  }
}
