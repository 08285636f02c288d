import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LockScreen } from '../auth/LockScreen.js';
import { useSessionEvents } from '../auth/sessionEvents.js';
import { UserPanel } from '../auth/UserPanel.js';
import { CatalogAlert } from '../catalog/CatalogAlert.js';
import { CatalogPanel } from '../catalog/CatalogPanel.js';
import { PatientSwitch } from '../jobs/PatientSwitch.js';
import { DropZone } from '../library/DropZone.js';
import { ImportBar } from '../library/ImportBar.js';
import { ImportStatus } from '../library/ImportStatus.js';
import { useAuthStore } from '../state/authStore.js';
import { useCatalogStore } from '../state/catalogStore.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { ReviewWorkspace } from '../review/ReviewWorkspace.js';
import { useReviewStore } from '../state/reviewStore.js';
import { forgetDecodedImages } from '../viewer/cornerstone.js';
import { ViewerWorkspace } from '../viewer/ViewerWorkspace.js';
import { host } from '../host/host.js';
import { ActivityIndicator } from './ActivityIndicator.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { LibraryPane } from './LibraryPane.js';
import { ManagedPolicyBadge } from './ManagedPolicyBadge.js';

export function App(): React.JSX.Element {
  const { t } = useTranslation();
  const studies = useLibraryStore((state) => state.studies);
  const selectedStudyId = useLibraryStore((state) => state.selectedStudyId);
  const series = useLibraryStore((state) => state.series);
  const selectedSeriesId = useLibraryStore((state) => state.selectedSeriesId);
  const clear = useLibraryStore((state) => state.clear);
  const study = studies.find((candidate) => candidate.id === selectedStudyId);
  // Only a series of the selected study may be shown under that study's patient name.
  const openSeries = series.find(
    (candidate) => candidate.id === selectedSeriesId && candidate.studyId === selectedStudyId,
  );

  useEffect(
    () =>
      host().on('library.importProgress', (progress) =>
        useLibraryStore.getState().setProgress(progress),
      ),
    [],
  );
  useSessionEvents();
  const locked = useAuthStore((state) => state.status?.locked === true);
  const catalogOpen = useCatalogStore((state) => state.open);
  const reviewOpen = useReviewStore((state) => state.open && state.studyId === selectedStudyId);
  // The reader folds the library to give the images the room; the review needs the width for
  // its panes, so each review starts folded and the viewer comes back to it unfolded.
  const [libraryFolded, setLibraryFolded] = useState(false);
  useEffect(() => setLibraryFolded(reviewOpen), [reviewOpen]);

  // Locked: nothing else is rendered, so no patient data is left in the page (main/session).
  if (locked) return <LockScreen />;

  return (
    <DropZone>
      <div className="app">
        <header className="app-header">
          <h1>{t('app.title')}</h1>
          <ImportBar />
          <ActivityIndicator reveal={() => setLibraryFolded(false)} />
          <button
            type="button"
            className="secondary"
            disabled={studies.length === 0}
            data-testid="clear-library"
            onClick={() => {
              if (window.confirm(t('library.clearConfirm')))
                void clear().then((cleared) => cleared && forgetDecodedImages());
            }}
          >
            {t('library.clear')}
          </button>
          <ManagedPolicyBadge />
          <button
            type="button"
            className="secondary"
            disabled={study === undefined}
            data-testid="review-open"
            onClick={() => study !== undefined && void useReviewStore.getState().openFor(study.id)}
          >
            {t('review.open')}
          </button>
          <LanguageSwitch />
          <button
            type="button"
            className="secondary catalog-toggle"
            aria-pressed={catalogOpen}
            data-testid="catalog-toggle"
            onClick={() => useCatalogStore.getState().setOpen(!catalogOpen)}
          >
            {t('catalog.heading')}
          </button>
          <UserPanel />
        </header>
        <PatientSwitch />
        <CatalogAlert />
        <ImportStatus />
        <main className="app-body">
          <LibraryPane folded={libraryFolded} reviewing={reviewOpen} setFolded={setLibraryFolded} />
          {reviewOpen ? (
            <ReviewWorkspace
              study={study}
              series={series.filter((candidate) => candidate.studyId === selectedStudyId)}
            />
          ) : study !== undefined && openSeries !== undefined ? (
            <ViewerWorkspace study={study} series={openSeries} />
          ) : (
            <section className="viewer viewer-empty">
              <p>{t('viewer.empty')}</p>
            </section>
          )}
          {catalogOpen && <CatalogPanel />}
        </main>
      </div>
    </DropZone>
  );
}
