import { Enums } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewLabelmap, SeriesDetail } from '../../preload/contract/index.js';
import { useReviewStore } from '../state/reviewStore.js';
import { PaneReadout } from '../viewer/PaneReadout.js';
import { MipController } from './mipOutline.js';

/** MIP of the whole series with the segments' outlines projected onto it (angiography reading). */
interface Props {
  series: SeriesDetail;
  labelmap: ReviewLabelmap | undefined;
  referenceImageId: string | undefined;
  /** Drawn over the pane: whose images these are. */
  children?: React.ReactNode;
}

export function MipView({
  series,
  labelmap,
  referenceImageId,
  children,
}: Props): React.JSX.Element {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const segments = useReviewStore((state) => state.segments);
  const [paths, setPaths] = useState<{ segment: number; d: string }[]>([]);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');

  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const mip = new MipController();
    let cancelled = false;
    // Outlines are placed from patient coordinates on every render (camera, size, slab), never once.
    const redraw = (): void => setPaths(mip.outlinePaths());
    const observer = new ResizeObserver(() => mip.resize());
    void (async () => {
      try {
        await mip.attach(element);
        if (cancelled) return;
        await mip.show(series);
        if (cancelled) return;
        if (labelmap !== undefined && referenceImageId !== undefined)
          mip.project(labelmap, referenceImageId);
        element.addEventListener(Enums.Events.CAMERA_MODIFIED, redraw);
        element.addEventListener(Enums.Events.IMAGE_RENDERED, redraw);
        observer.observe(element);
        redraw();
        setStatus('ready');
      } catch {
        if (!cancelled) setStatus('error');
      }
    })();
    return () => {
      cancelled = true;
      observer.disconnect();
      element.removeEventListener(Enums.Events.CAMERA_MODIFIED, redraw);
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, redraw);
      mip.detach();
    };
  }, [series.id, labelmap, referenceImageId]);

  return (
    <figure className="review-cell">
      <figcaption>{t('review.mip')}</figcaption>
      <div className="review-stage">
        <div
          className="review-viewport"
          ref={ref}
          data-testid="review-mip"
          data-status={status}
          data-outlines={paths.length}
          onContextMenu={(e) => e.preventDefault()}
        />
        <svg className="mip-outlines" aria-hidden="true">
          {paths.map(({ segment, d }) => {
            const display = segments[segment];
            if (display?.visible === false) return null;
            const [r, g, b] = display?.color ?? [255, 64, 64];
            return (
              <path
                key={segment}
                d={d}
                stroke={`rgb(${r},${g},${b})`}
                strokeWidth={1.5}
                fill="none"
              />
            );
          })}
        </svg>
        <PaneReadout viewportRef={ref} label={t('review.mip')} />
        {children}
      </div>
    </figure>
  );
}
