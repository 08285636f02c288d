import { useTranslation } from 'react-i18next';
import type { CatalogService, ServiceEligibility } from '../../preload/contract/index.js';
import type { ja } from '../i18n/ja.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { localized } from '../state/catalogQuery.js';
import { EligibilityNote } from './EligibilityNote.js';
import { SendButton } from '../send/SendButton.js';

type DeidKey = keyof typeof ja.catalog.deidOption;
type OutputKey = keyof typeof ja.catalog.outputType;
const DEID_KEYS: readonly string[] = [
  'c113100',
  'c113101',
  'c113102',
  'c113105',
  'c113107',
  'c113108',
] satisfies readonly DeidKey[];
const OUTPUT_KEYS: readonly string[] = ['SEG', 'SR', 'PMAP'] satisfies readonly OutputKey[];

/** One service in full: what it does, who makes it, what leaves the workstation and how, how long it takes. */
export function ServiceDetail(props: {
  service: CatalogService;
  pinned: boolean;
  canPin: boolean;
  eligibility: ServiceEligibility | undefined;
  onPin(pinned: boolean): void;
  onBack(): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const locale = useSettingsStore((state) => state.locale);
  const { service } = props;
  const duration = (seconds: number): string =>
    seconds < 120
      ? t('catalog.seconds', { count: Math.round(seconds) })
      : t('catalog.minutes', { count: Math.round(seconds / 60) });
  const deidName = (code: { value: string; meaning: string }): string => {
    const key = `c${code.value}`;
    return DEID_KEYS.includes(key) ? t(`catalog.deidOption.${key as DeidKey}`) : code.meaning;
  };
  return (
    <article className="service-detail" data-testid="service-detail" data-service={service.id}>
      <button type="button" className="link" onClick={props.onBack}>
        ← {t('catalog.back')}
      </button>
      <h3>{localized(service.name, locale)}</h3>
      <div className="detail-actions">
        <button
          type="button"
          data-testid="pin-toggle"
          aria-pressed={props.pinned}
          disabled={!props.canPin}
          title={props.canPin ? undefined : t('catalog.pinSignIn')}
          onClick={() => props.onPin(!props.pinned)}
        >
          {props.pinned ? `★ ${t('catalog.unpin')}` : `☆ ${t('catalog.pin')}`}
        </button>
        <SendButton serviceId={service.id} eligibility={props.eligibility} />
      </div>
      <EligibilityNote eligibility={props.eligibility} />
      <dl>
        <dt>{t('catalog.detail.description')}</dt>
        <dd>{localized(service.description, locale)}</dd>
        <dt>{t('catalog.detail.vendor')}</dt>
        <dd data-testid="detail-vendor">{service.vendor.name}</dd>
        <dt>{t('catalog.detail.version')}</dt>
        <dd data-testid="detail-version">{service.version}</dd>
        <dt>{t('catalog.detail.regulatory')}</dt>
        <dd className="regulatory" data-testid="detail-regulatory">
          {localized(service.regulatoryStatus.text, locale)}
        </dd>
        <dt>{t('catalog.detail.input')}</dt>
        <dd>
          <div>{t('catalog.detail.modalities', { list: service.input.modalities.join(', ') })}</div>
          {service.input.bodyParts.length > 0 && (
            <div>{t('catalog.detail.bodyParts', { list: service.input.bodyParts.join(', ') })}</div>
          )}
          <div>{t('catalog.detail.minSlices', { count: service.input.minSlices })}</div>
        </dd>
        <dt>{t('catalog.detail.sent')}</dt>
        <dd data-testid="detail-sent">
          <p>{t('catalog.detail.sentText')}</p>
          <div className="muted">{t('catalog.detail.deid')}</div>
          <ul>
            <li>{deidName(service.deidentification.profile)}</li>
            {service.deidentification.options.map((option) => (
              <li key={option.value}>{deidName(option)}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('catalog.detail.outputs')}</dt>
        <dd>
          <ul>
            {service.outputs.map((output) => (
              <li key={`${output.type}-${output.sopClassUid}`}>
                {OUTPUT_KEYS.includes(output.type)
                  ? t(`catalog.outputType.${output.type as OutputKey}`)
                  : output.type}
                {output.template === undefined ? '' : ` (${output.template})`}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('catalog.detail.turnaround')}</dt>
        <dd data-testid="detail-turnaround">
          {t('catalog.detail.turnaroundText', {
            typical: duration(service.turnaround.typicalSeconds),
            max: duration(service.turnaround.maxSeconds),
          })}
        </dd>
      </dl>
    </article>
  );
}
