import { useEffect } from 'react';
import { host } from '../host/host.js';
import { useAuthStore } from '../state/authStore.js';
import { useCatalogStore } from '../state/catalogStore.js';
import { useLibraryStore } from '../state/libraryStore.js';

/** Activity reports are throttled: the idle countdown only needs to hear of use now and then. */
const ACTIVITY_REPORT_MS = 5_000;
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Keeps the auth and catalog stores in step with the main process, reports use of the window
 * for the idle lock, and after an unlock reloads the study list the lock withheld.
 */
export function useSessionEvents(): void {
  useEffect(() => {
    void useAuthStore.getState().load();
    void useCatalogStore.getState().load();
    const offAuth = host().on('auth.changed', (status) => {
      const before = useAuthStore.getState().status;
      useAuthStore.getState().apply(status);
      if (before?.user?.subject !== status.user?.subject)
        void useCatalogStore.getState().loadPins();
      if (before?.locked === true && !status.locked) {
        void host()
          .invoke('library.studies', {})
          .then((studies) => {
            if (studies.ok) useLibraryStore.setState({ studies: studies.value });
          });
      }
    });
    const offCatalog = host().on('catalog.changed', (catalog) =>
      useCatalogStore.getState().apply(catalog),
    );

    let last = 0;
    const report = (): void => {
      const now = Date.now();
      if (now - last < ACTIVITY_REPORT_MS) return;
      last = now;
      void host().invoke('session.activity', {});
    };
    for (const name of ACTIVITY_EVENTS)
      window.addEventListener(name, report, { passive: true, capture: true });
    return () => {
      offAuth();
      offCatalog();
      for (const name of ACTIVITY_EVENTS)
        window.removeEventListener(name, report, { capture: true });
    };
  }, []);
}
