import { useTranslation } from 'react-i18next';
import type { ServiceEligibility } from '../../preload/contract/index.js';

/** "Accepts this series", or which conditions it fails, for the series on screen. */
export function EligibilityNote(props: {
  eligibility: ServiceEligibility | undefined;
  compact?: boolean;
}): React.JSX.Element | null {
  const { t } = useTranslation();
  const { eligibility } = props;
  if (eligibility === undefined) return null;
  const reasons = eligibility.reasons.map((reason) =>
    reason === 'too-few-slices'
      ? t('catalog.reason.too-few-slices', {
          slices: String(eligibility.slices),
          min: String(eligibility.minSlices),
        })
      : t(`catalog.reason.${reason}`),
  );
  return (
    <div
      className={`eligibility ${eligibility.eligible ? 'ok' : 'no'}`}
      data-testid="eligibility"
      data-eligible={eligibility.eligible}
    >
      <span>
        {eligibility.eligible
          ? `✓ ${t('catalog.eligibility.eligible')}`
          : `✕ ${t('catalog.eligibility.notEligible')}`}
      </span>
      {!eligibility.eligible &&
        (props.compact ? (
          <span className="reasons">: {reasons.join('、')}</span>
        ) : (
          <ul>
            {reasons.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        ))}
    </div>
  );
}
