import { Enums, getEnabledElement, utilities } from '@cornerstonejs/core';
import { type RefObject, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Readout {
  /** 1-based slice of a stack; undefined for a projection, which has none. */
  slice: number | undefined;
  count: number;
  center: number | undefined;
  width: number | undefined;
}

const EMPTY: Readout = { slice: undefined, count: 0, center: undefined, width: undefined };

/** What the pane's cornerstone viewport shows now: its slice and its window. */
function readOf(element: HTMLDivElement): Readout {
  const viewport = getEnabledElement(element)?.viewport;
  if (viewport === undefined) return EMPTY;
  const range = (viewport.getProperties() as { voiRange?: { lower: number; upper: number } })
    .voiRange;
  const window =
    range === undefined ? undefined : utilities.windowLevel.toWindowLevel(range.lower, range.upper);
  const stack = viewport as unknown as {
    getCurrentImageIdIndex?: () => number;
    getImageIds?: () => string[];
  };
  const isStack = viewport.type === Enums.ViewportType.STACK;
  return {
    slice: isStack ? (stack.getCurrentImageIdIndex?.() ?? 0) + 1 : undefined,
    count: isStack ? (stack.getImageIds?.().length ?? 0) : 0,
    center: window?.windowCenter,
    width: window?.windowWidth,
  };
}

const rounded = (value: number | undefined): string =>
  value === undefined ? '–' : String(Math.round(value));

/**
 * The bottom corners of a pane outside the viewer grid (the review's original, annotated and MIP
 * panes): slice number and window, read from its viewport on every render, as the viewer's
 * cells show them.
 */
export function PaneReadout({
  viewportRef,
  label,
}: {
  viewportRef: RefObject<HTMLDivElement | null>;
  /** Shown instead of a slice number, for a projection ("MIP"). */
  label?: string;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [readout, setReadout] = useState<Readout>(EMPTY);
  useEffect(() => {
    const element = viewportRef.current;
    if (element === null) return;
    const update = (): void =>
      setReadout((previous) => {
        const next = readOf(element);
        return JSON.stringify(next) === JSON.stringify(previous) ? previous : next;
      });
    const events = [Enums.Events.IMAGE_RENDERED, Enums.Events.VOI_MODIFIED];
    for (const name of events) element.addEventListener(name, update);
    return () => {
      for (const name of events) element.removeEventListener(name, update);
    };
  }, [viewportRef]);
  return (
    <div className="corner-band corner-band-bottom">
      <div className="corner corner-bottom-left">
        <div data-testid="slice-text">
          {readout.slice === undefined
            ? (label ?? '')
            : t('viewer.slice', { index: String(readout.slice), count: readout.count })}
        </div>
      </div>
      <div className="corner corner-bottom-right">
        <div data-testid="window-text">
          {t('viewer.windowLevel', {
            center: rounded(readout.center),
            width: rounded(readout.width),
          })}
        </div>
      </div>
    </div>
  );
}
