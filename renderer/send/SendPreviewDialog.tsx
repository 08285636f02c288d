import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DEID_OPTION_KEYS } from '../../preload/contract/index.js';
import { localized } from '../state/catalogQuery.js';
import { useCatalogStore } from '../state/catalogStore.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { DeidReportGroups } from './DeidReportGroups.js';
import { MaskedRegions } from './MaskedRegions.js';
import { ReviewImages } from './ReviewImages.js';
import { DefacedSeries, ExcludedFiles } from './PixelChanges.js';
import { identityWithheld } from './previewGroups.js';
import { sendErrorText } from './sendErrorText.js';
import { useSendStore } from './sendStore.js';
import type { ja } from '../i18n/ja.js';
import './send.css';

type OptionKey = keyof typeof ja.send.options;
const OPTION_KEYS: readonly string[] = DEID_OPTION_KEYS satisfies readonly OptionKey[];

/**
 * What a send would do, before anything leaves: the service and destination, the
 * de-identification report, masked regions, defacing and excluded files; then Confirm / Cancel.
 */
export function SendPreviewDialog(): React.JSX.Element | null {
  const { t } = useTranslation();
  const locale = useSettingsStore((state) => state.locale);
  const phase = useSendStore((state) => state.phase);
  const target = useSendStore((state) => state.target);
  const preview = useSendStore((state) => state.preview);
  const error = useSendStore((state) => state.error);
  const reviewed = useSendStore((state) => state.reviewed);
  const catalog = useCatalogStore((state) => state.catalog);
  const series = useLibraryStore((state) => state.series);

  useEffect(() => {
    if (phase === 'closed') return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && useSendStore.getState().phase !== 'sending')
        useSendStore.getState().close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phase]);

  if (phase === 'closed' || target === undefined) return null;
  const service = catalog?.services.find((candidate) => candidate.id === target.serviceId);
  const shownSeries = series.find((candidate) => candidate.id === target.seriesIds[0]);
  const withheld = preview === undefined || identityWithheld(preview);
  const instances = preview?.studies.reduce((sum, study) => sum + study.instances, 0) ?? 0;
  const seriesCount = preview?.studies.reduce((sum, study) => sum + study.series, 0) ?? 0;
  // Held-back images the doctor confirmed are sent too, even when nothing else is.
  const canConfirm =
    phase === 'ready' && preview !== undefined && withheld && instances + reviewed.length > 0;
  const close = (): void => useSendStore.getState().close();

  return (
    <div className="send-backdrop" role="presentation">
      <div
        className="send-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="send-title"
        data-testid="send-preview"
        data-phase={phase}
      >
        <h2 id="send-title">{t('send.title')}</h2>
        <dl className="send-facts">
          <dt>{t('send.service')}</dt>
          <dd data-testid="send-service">
            {service === undefined
              ? target.serviceId
              : `${localized(service.name, locale)} v${service.version} (${service.vendor.name})`}
          </dd>
          <dt>{t('send.destination')}</dt>
          <dd data-testid="send-destination" className="mono">
            {catalog?.platformUrl ?? '—'}
          </dd>
          <dt>{t('send.what')}</dt>
          <dd data-testid="send-what">
            {preview === undefined
              ? '—'
              : t('send.whatText', { series: String(seriesCount), instances: String(instances) })}
          </dd>
        </dl>
        {phase === 'previewing' && (
          <p className="send-working" role="status" data-testid="send-previewing">
            {t('send.previewing')}
          </p>
        )}
        {preview !== undefined && (
          <>
            <p
              className={withheld ? 'send-privacy ok' : 'send-privacy no'}
              data-testid="send-privacy"
              data-withheld={withheld}
            >
              {withheld ? t('send.privacy') : t('send.privacyBroken')}
            </p>
            <section>
              <h3>{t('send.review.heading')}</h3>
              <ReviewImages preview={preview} />
            </section>
            <section>
              <h3>{t('send.report.heading')}</h3>
              <p className="muted small" data-testid="send-profile">
                {t('send.report.profile', { edition: preview.profile.edition })}
                {preview.profile.options.length > 0 &&
                  ` · ${preview.profile.options.map((option) => (OPTION_KEYS.includes(option) ? t(`send.options.${option as OptionKey}`) : option)).join('、')}`}
              </p>
              <DeidReportGroups preview={preview} />
            </section>
            <section>
              <h3>{t('send.masked.heading')}</h3>
              <MaskedRegions
                masked={preview.studies.flatMap((study) => study.masked)}
                rows={shownSeries?.rows ?? 0}
                columns={shownSeries?.columns ?? 0}
              />
            </section>
            <section>
              <h3>{t('send.defaced.heading')}</h3>
              <DefacedSeries defaced={preview.studies.flatMap((study) => study.defaced)} />
            </section>
            <section>
              <h3>{t('send.excluded.heading')}</h3>
              <ExcludedFiles preview={preview} />
            </section>
          </>
        )}
        {error !== undefined && (
          <p className="send-error" role="alert" data-testid="send-error" data-code={error.code}>
            {sendErrorText(t, error)}
          </p>
        )}
        <div className="send-buttons">
          <button
            type="button"
            className="secondary"
            data-testid="send-cancel"
            disabled={phase === 'sending'}
            onClick={close}
          >
            {t('send.cancel')}
          </button>
          <button
            type="button"
            data-testid="send-confirm"
            disabled={!canConfirm}
            onClick={() => void useSendStore.getState().confirm()}
          >
            {phase === 'sending' ? t('send.sending') : t('send.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
