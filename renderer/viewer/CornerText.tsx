import { useTranslation } from 'react-i18next';
import type { Locale, SeriesDetail, StudySummary } from '../../preload/contract.js';
import { formatDicomDate } from '../format/dicomDate.js';
import { primaryName } from '../format/personName.js';
import { useViewerStore } from '../state/viewerStore.js';

interface Props {
  study: StudySummary;
  series: SeriesDetail;
  locale: Locale;
}

function rounded(value: number | undefined): string {
  return value === undefined ? '–' : String(Math.round(value));
}

/** The four corners radiologists read at a glance: who, which study, which slice, which window. */
export function CornerText({ study, series, locale }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const index = useViewerStore((state) => state.index);
  const count = useViewerStore((state) => state.count);
  const windowCenter = useViewerStore((state) => state.windowCenter);
  const windowWidth = useViewerStore((state) => state.windowWidth);
  const zoomPercent = useViewerStore((state) => state.zoomPercent);
  return (
    <>
      <div className="corner corner-top-left" data-testid="corner-top-left">
        <div>{primaryName(study.patientName, locale)}</div>
        <div>{study.patientId}</div>
      </div>
      <div className="corner corner-top-right" data-testid="corner-top-right">
        <div>{formatDicomDate(study.studyDate, locale)}</div>
        <div>{study.studyDescription}</div>
      </div>
      <div className="corner corner-bottom-left" data-testid="corner-bottom-left">
        <div>{t('viewer.series', { number: String(series.number ?? '–'), description: series.description || t('library.noDescription') })}</div>
        <div data-testid="slice-text">{t('viewer.slice', { index: String(count === 0 ? 0 : index + 1), count })}</div>
      </div>
      <div className="corner corner-bottom-right" data-testid="corner-bottom-right">
        <div data-testid="window-text">{t('viewer.windowLevel', { center: rounded(windowCenter), width: rounded(windowWidth) })}</div>
        <div>{t('viewer.zoom', { percent: String(zoomPercent) })}</div>
      </div>
    </>
  );
}
