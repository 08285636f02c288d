import { useTranslation } from 'react-i18next';
import { useCatalogStore } from '../state/catalogStore.js';

/** The security alert of a refused catalog, across the top of the window until a good one arrives. */
export function CatalogAlert(): React.JSX.Element | null {
  const { t } = useTranslation();
  const alert = useCatalogStore((state) => state.catalog?.alert ?? null);
  if (alert === null) return null;
  return (
    <div
      className="status status-error security-alert"
      role="alert"
      data-testid="catalog-alert"
      data-alert={alert}
    >
      {t(`catalog.alert.${alert}`)}
    </div>
  );
}
