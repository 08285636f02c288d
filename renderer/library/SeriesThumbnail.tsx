import { useEffect, useRef, useState } from 'react';
import { host } from '../host/host.js';

/**
 * A series' grey thumbnail, asked of the main process when the series is listed (the import
 * itself reads headers only). Compressed images have none; the modality stands in for them.
 */
export function SeriesThumbnail({
  seriesId,
  modality,
  label,
}: {
  seriesId: string;
  modality: string;
  label: string;
}): React.JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'none'>('loading');

  useEffect(() => {
    let current = true;
    void host()
      .invoke('library.thumbnail', { seriesId })
      .then((result) => {
        if (!current) return;
        const element = canvas.current;
        const context = element?.getContext('2d');
        if (!result.ok || result.value === null || element == null || context == null) {
          setState('none');
          return;
        }
        const { width, height, pixels } = result.value;
        element.width = width;
        element.height = height;
        const image = context.createImageData(width, height);
        for (let index = 0; index < pixels.length; index++) {
          const grey = pixels[index] ?? 0;
          image.data[index * 4] = grey;
          image.data[index * 4 + 1] = grey;
          image.data[index * 4 + 2] = grey;
          image.data[index * 4 + 3] = 255;
        }
        context.putImageData(image, 0, 0);
        setState('drawn');
      });
    return () => {
      current = false;
    };
  }, [seriesId]);

  return (
    <span className="series-thumbnail" data-testid="series-thumbnail" data-state={state}>
      <canvas ref={canvas} role="img" aria-label={label} hidden={state !== 'drawn'} />
      {state !== 'drawn' && <span className="series-thumbnail-placeholder">{modality}</span>}
    </span>
  );
}
