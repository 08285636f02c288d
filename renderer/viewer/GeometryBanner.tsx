import { useTranslation } from 'react-i18next';
import { useViewerStore } from '../state/viewerStore.js';

/**
 * Says plainly when a series' geometry makes MPR or distances unreliable: a tilted gantry (MPR
 * planes are sheared, not resampled) or uneven slice spacing (a volume assumes one spacing).
 */
export function GeometryBanner(): React.JSX.Element | null {
  const { t } = useTranslation();
  const geometry = useViewerStore((state) => state.geometry);
  if (
    geometry === undefined ||
    (geometry.tiltDegrees === undefined && geometry.unevenSpacing === undefined)
  )
    return null;
  return (
    <div className="geometry-banner" role="alert" data-testid="geometry-warning">
      {geometry.tiltDegrees !== undefined && (
        <p data-testid="geometry-tilt">
          {t('viewer.geometry.tilt', { degrees: geometry.tiltDegrees.toFixed(1) })}
        </p>
      )}
      {geometry.unevenSpacing !== undefined && (
        <p data-testid="geometry-uneven">
          {t('viewer.geometry.uneven', {
            min: geometry.unevenSpacing.min.toFixed(2),
            max: geometry.unevenSpacing.max.toFixed(2),
          })}
        </p>
      )}
    </div>
  );
}
