import { metaData } from '@cornerstonejs/core';
import { annotation } from '@cornerstonejs/tools';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useViewerStore } from '../state/viewerStore.js';
import {
  measurementLine,
  type AnnotationLike,
  type MeasurementValueName,
  type Rescale,
} from './measurementText.js';

/** The modality LUT of the image a probe was put on, from its file (absent: slope 1, intercept 0). */
function rescaleOf(item: AnnotationLike): Rescale | undefined {
  const imageId = item.metadata.referencedImageId;
  if (item.metadata.toolName !== 'Probe' || imageId === undefined) return undefined;
  const lut = metaData.get('modalityLutModule', imageId) as
    | { rescaleSlope?: number; rescaleIntercept?: number }
    | undefined;
  if (lut === undefined) return undefined;
  return {
    slope: Number.isFinite(lut.rescaleSlope) ? lut.rescaleSlope! : 1,
    intercept: Number.isFinite(lut.rescaleIntercept) ? lut.rescaleIntercept! : 0,
  };
}

/** What each value is called: the probe's extra readouts have their own block of messages. */
function labelOf(t: TFunction, name: MeasurementValueName): string {
  if (name === 'stored' || name === 'pixel' || name === 'patient') return t(`probeReadout.${name}`);
  return t(`viewer.measurements.values.${name}`);
}

function redraw(): void {
  useViewerStore
    .getState()
    .update({ annotationsVersion: useViewerStore.getState().annotationsVersion + 1 });
}

export function deleteMeasurement(uid: string): void {
  annotation.state.removeAnnotation(uid);
  redraw();
}

/** Deletes the measurements the reader selected (click on one to select it). */
export function deleteSelectedMeasurements(): number {
  const selected = annotation.selection.getAnnotationsSelected();
  for (const uid of selected) annotation.state.removeAnnotation(uid);
  redraw();
  return selected.length;
}

/**
 * Every measurement of the open study, with its values and a delete button. Always takes its
 * place, so the first measurement does not resize the viewports under the reader's hand.
 */
export function MeasurementList(): React.JSX.Element {
  const { t } = useTranslation();
  useViewerStore((state) => state.annotationsVersion);
  const lines = annotation.state
    .getAllAnnotations()
    .map((item) =>
      measurementLine(
        item as unknown as AnnotationLike,
        rescaleOf(item as unknown as AnnotationLike),
      ),
    )
    .filter((line) => line !== undefined);
  return (
    <aside
      className="measurements"
      aria-label={t('viewer.measurements.heading')}
      data-testid="measurement-list"
    >
      <h3>{t('viewer.measurements.heading')}</h3>
      {lines.length === 0 && <p className="hint">{t('viewer.measurements.empty')}</p>}
      <ul>
        {lines.map((line) => (
          <li key={line.uid} data-testid="measurement" data-tool={line.tool}>
            <span className="measurement-tool">{t(`viewer.measurements.tools.${line.tool}`)}</span>
            {line.values.map((value) => (
              <span
                key={value.name}
                className="measurement-value"
                data-name={value.name}
                data-value={value.value}
              >
                {labelOf(t, value.name)} {value.value} {value.unit}
              </span>
            ))}
            <button
              type="button"
              className="measurement-delete"
              data-testid="measurement-delete"
              aria-label={t('viewer.measurements.delete')}
              onClick={() => deleteMeasurement(line.uid)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
