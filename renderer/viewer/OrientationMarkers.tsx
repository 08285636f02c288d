import { useReadout } from '../state/viewerStore.js';

/** Patient-direction letters at the middle of each edge (A/P, R/L, H/F), as on film. */
export function OrientationMarkers({
  viewportId,
}: {
  viewportId: string;
}): React.JSX.Element | null {
  const { orientation } = useReadout(viewportId);
  if (orientation === undefined) return null;
  return (
    <>
      <div className="orientation orientation-top" data-testid="orientation-top">
        {orientation.top}
      </div>
      <div className="orientation orientation-bottom" data-testid="orientation-bottom">
        {orientation.bottom}
      </div>
      <div className="orientation orientation-left" data-testid="orientation-left">
        {orientation.left}
      </div>
      <div className="orientation orientation-right" data-testid="orientation-right">
        {orientation.right}
      </div>
    </>
  );
}
