import { useTranslation } from 'react-i18next';
import { JobsPanel } from '../jobs/JobsPanel.js';
import { SeriesList } from '../library/SeriesList.js';
import { StudyList } from '../library/StudyList.js';
import { PriorStudies } from '../library/PriorStudies.js';

interface Props {
  folded: boolean;
  /** The review folds the pane to a bare strip: its panes need every pixel. */
  reviewing: boolean;
  setFolded(folded: boolean): void;
}

/**
 * The library beside the images: the study list, the series of the open studies, the same
 * patient's other studies and the jobs. It folds at the reader's click to a strip of series
 * thumbnails (the review folds it further, to its button), so the viewports get the room.
 * Folded, not removed: the jobs panel keeps listening for job events.
 */
export function LibraryPane({ folded, reviewing, setFolded }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const strip = folded && !reviewing;
  return (
    <aside
      className={`library-pane${folded ? ' folded' : ''}${strip ? ' thumbnail-strip' : ''}`}
      data-testid="library-pane"
    >
      <button
        type="button"
        className="secondary library-fold"
        data-testid="library-fold"
        aria-expanded={!folded}
        onClick={() => setFolded(!folded)}
      >
        {folded ? t('review.showLibrary') : t('review.hideLibrary')}
      </button>
      <div className="library-studies">
        <h2>{t('library.heading')}</h2>
        <StudyList />
        <p className="hint">{t('library.dropHint')}</p>
      </div>
      <SeriesList />
      <PriorStudies />
      <JobsPanel />
    </aside>
  );
}
