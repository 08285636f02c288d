import { useTranslation } from 'react-i18next';
import type { SeriesDetail } from '../../preload/contract/index.js';
import { SERIES_DRAG_TYPE } from '../viewer/seriesDrag.js';
import { SeriesThumbnail } from './SeriesThumbnail.js';

interface Props {
  item: SeriesDetail;
  onOpen(seriesId: string): void;
  /** Shown pressed: the series the viewer shows (the current study's list). */
  pressed?: boolean;
  /** `prior` in the list of the study opened for comparison. */
  study?: 'prior';
}

/** One series of a study's list: its thumbnail, number, description and image count; dragged into a cell or clicked to open. */
export function SeriesItem({ item, onOpen, pressed, study }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const number = String(item.number ?? '–');
  return (
    <li>
      <button
        type="button"
        {...(pressed === undefined ? {} : { 'aria-pressed': pressed })}
        data-testid="series-item"
        {...(study === undefined ? {} : { 'data-study': study })}
        draggable
        onDragStart={(event) => event.dataTransfer.setData(SERIES_DRAG_TYPE, item.id)}
        disabled={item.instances.length === 0}
        onClick={() => onOpen(item.id)}
      >
        <SeriesThumbnail
          seriesId={item.id}
          modality={item.modality}
          label={t('library.thumbnail', { number })}
        />
        <span className="series-modality">{item.modality}</span>
        <span>
          {t('library.seriesItem', {
            number,
            description: item.description || t('library.noDescription'),
          })}
        </span>
        <span className="series-count">
          {t('library.seriesImages', { count: item.imageCount })}
        </span>
      </button>
    </li>
  );
}
