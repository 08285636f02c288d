import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format/dates.js';
import type { ja } from '../i18n/ja.js';
import { useAuthStore } from '../state/authStore.js';
import { useCatalogStore, type CatalogTab } from '../state/catalogStore.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { localized, visibleServices } from '../state/catalogQuery.js';
import { EligibilityNote } from './EligibilityNote.js';
import { ServiceDetail } from './ServiceDetail.js';
import { SendButton } from '../send/SendButton.js';
import { SendPreviewDialog } from '../send/SendPreviewDialog.js';
import './catalog.css';

type CategoryKey = keyof typeof ja.catalog.categories;
const CATEGORY_KEYS: readonly string[] = [
  'all',
  'neuro',
  'chest',
  'abdomen',
  'musculoskeletal',
  'general',
] satisfies readonly CategoryKey[];

/** The AI services pane: the signed catalog (categories, search, details) and "My page" with the pinned ones. */
export function CatalogPanel(): React.JSX.Element {
  const { t } = useTranslation();
  const locale = useSettingsStore((state) => state.locale);
  const catalog = useCatalogStore((state) => state.catalog);
  const pinned = useCatalogStore((state) => state.pinned);
  const tab = useCatalogStore((state) => state.tab);
  const search = useCatalogStore((state) => state.search);
  const category = useCatalogStore((state) => state.category);
  const selectedId = useCatalogStore((state) => state.selectedServiceId);
  const eligibility = useCatalogStore((state) => state.eligibility);
  const syncing = useCatalogStore((state) => state.syncing);
  const store = useCatalogStore.getState();
  const signedIn = useAuthStore((state) => state.status?.state === 'signed-in');
  const seriesId = useLibraryStore((state) => state.selectedSeriesId);

  useEffect(() => {
    void useCatalogStore.getState().loadEligibility(seriesId);
  }, [seriesId]);

  const services = catalog?.services ?? [];
  const categories = ['all', ...new Set(services.map((service) => service.category))];
  const shown = visibleServices(services, { tab, pinned, category, search, locale });
  const selected = services.find((service) => service.id === selectedId);
  const byService = eligibility?.seriesId === seriesId ? eligibility?.byService : undefined;
  const categoryName = (key: string): string =>
    CATEGORY_KEYS.includes(key) ? t(`catalog.categories.${key as CategoryKey}`) : key;
  const syncedText =
    catalog?.syncedAt == null
      ? t('catalog.neverSynced')
      : t('catalog.lastSynced', {
          time: formatDateTime(catalog.syncedAt, locale, '', true),
        });

  return (
    <aside className="catalog-pane" data-testid="catalog-pane">
      <div className="catalog-head">
        <h2>{t('catalog.heading')}</h2>
        <div className="catalog-tabs" role="tablist">
          {(['all', 'mine'] as CatalogTab[]).map((key) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={tab === key}
              aria-pressed={tab === key}
              data-testid={`catalog-tab-${key}`}
              onClick={() => store.setTab(key)}
            >
              {t(`catalog.tabs.${key}`)}
            </button>
          ))}
        </div>
      </div>
      <div
        className="catalog-sync"
        data-testid="catalog-sync"
        data-source={catalog?.source ?? 'none'}
      >
        <span data-testid="catalog-synced">{syncedText}</span>
        {catalog?.source === 'cache' && (
          <span className="badge warn" data-testid="catalog-offline">
            {t('catalog.offline')}
          </span>
        )}
        <button
          type="button"
          className="secondary"
          disabled={syncing}
          data-testid="catalog-refresh"
          onClick={() => void store.sync()}
        >
          {t('catalog.sync')}
        </button>
      </div>
      {selected !== undefined ? (
        <ServiceDetail
          service={selected}
          pinned={pinned.includes(selected.id)}
          canPin={signedIn}
          eligibility={byService?.[selected.id]}
          onPin={(pin) => void store.setPinned(selected.id, pin)}
          onBack={() => store.select(undefined)}
        />
      ) : (
        <>
          <input
            type="search"
            className="catalog-search"
            placeholder={t('catalog.search')}
            aria-label={t('catalog.search')}
            value={search}
            data-testid="catalog-search"
            onChange={(event) => store.setSearch(event.target.value)}
          />
          <div className="catalog-categories">
            {categories.map((key) => (
              <button
                key={key}
                type="button"
                className="chip"
                aria-pressed={category === key}
                data-testid={`catalog-category-${key}`}
                onClick={() => store.setCategory(key)}
              >
                {categoryName(key)}
              </button>
            ))}
          </div>
          {tab === 'mine' && !signedIn && <p className="muted">{t('catalog.pinSignIn')}</p>}
          {seriesId === undefined && <p className="muted small">{t('catalog.eligibility.none')}</p>}
          <ul className="service-list" data-testid="service-list">
            {shown.map((service) => (
              <li key={service.id} className={tab === 'mine' ? 'service-row' : undefined}>
                <button
                  type="button"
                  className="service-item"
                  data-testid="service-item"
                  data-service={service.id}
                  onClick={() => store.select(service.id)}
                >
                  <span className="service-name">
                    {pinned.includes(service.id) && <span aria-hidden="true">★ </span>}
                    {localized(service.name, locale)}
                  </span>
                  <span className="service-meta">
                    {categoryName(service.category)} · {service.input.modalities.join('/')} · v
                    {service.version}
                  </span>
                  <EligibilityNote eligibility={byService?.[service.id]} compact />
                </button>
                {tab === 'mine' && (
                  <SendButton
                    serviceId={service.id}
                    eligibility={byService?.[service.id]}
                    compact
                  />
                )}
              </li>
            ))}
          </ul>
          {shown.length === 0 && (
            <p className="muted">
              {tab === 'mine'
                ? signedIn
                  ? t('catalog.myEmpty')
                  : ''
                : services.length === 0
                  ? t('catalog.empty')
                  : t('catalog.noMatch')}
            </p>
          )}
        </>
      )}
      <SendPreviewDialog />
    </aside>
  );
}
