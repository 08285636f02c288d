import { useTranslation } from 'react-i18next';
import type { Locale, SeriesDetail, StudySummary } from '../../preload/contract/index.js';
import { useReadout } from '../state/viewerStore.js';
import { PatientCorners } from './PatientCorners.js';

interface Props {
  viewportId: string;
  study: StudySummary;
  series: SeriesDetail;
  locale: Locale;
  /** What the cell shows when it is not the series as acquired, e.g. "MIP 20 mm". */
  viewLabel: string | undefined;
}

function rounded(value: number | undefined): string {
  return value === undefined ? '–' : String(Math.round(value));
}

/** The four corners radiologists read at a glance: who, which study, which slice, which window. */
export function CornerText({
  viewportId,
  study,
  series,
  locale,
  viewLabel,
}: Props): React.JSX.Element {
  const { t } = useTranslation();
  const { index, count, windowCenter, windowWidth, zoomPercent, loaded } = useReadout(viewportId);
  // Each edge is one band that wraps: in a narrow cell (1x3 MPR) the right corner goes onto a
  // line of its own instead of over the left one, and long lines wrap inside the cell.
  return (
    <>
      <PatientCorners study={study} locale={locale}>
        {viewLabel !== undefined && <div data-testid="view-label">{viewLabel}</div>}
      </PatientCorners>
      <div className="corner-band corner-band-bottom">
        <div className="corner corner-bottom-left" data-testid="corner-bottom-left">
          <div>
            {t('viewer.series', {
              number: String(series.number ?? '–'),
              description: series.description || t('library.noDescription'),
            })}
          </div>
          <div data-testid="slice-text">
            {t('viewer.slice', { index: String(count === 0 ? 0 : index + 1), count })}
          </div>
          {loaded !== undefined && loaded < series.imageCount && (
            <div data-testid="volume-progress">
              {t('viewer.volumeLoading', {
                loaded: String(loaded),
                total: String(series.imageCount),
              })}
            </div>
          )}
        </div>
        <div className="corner corner-bottom-right" data-testid="corner-bottom-right">
          <div data-testid="window-text">
            {t('viewer.windowLevel', {
              center: rounded(windowCenter),
              width: rounded(windowWidth),
            })}
          </div>
          <div data-testid="zoom-text">{t('viewer.zoom', { percent: String(zoomPercent) })}</div>
        </div>
      </div>
    </>
  );
}
