import { useTranslation } from 'react-i18next';
import type { SendPreview } from '../../preload/contract/index.js';

type Masked = SendPreview['studies'][number]['masked'][number];

/** The image frame with the blanked rectangles drawn to scale (no pixels: a sketch of where). */
function RegionSketch({
  masked,
  rows,
  columns,
}: {
  masked: Masked;
  rows: number;
  columns: number;
}): React.JSX.Element {
  return (
    <svg
      className="mask-sketch"
      viewBox={`0 0 ${columns} ${rows}`}
      width={96}
      height={Math.round((96 * rows) / Math.max(columns, 1))}
      aria-hidden="true"
    >
      <rect x={0} y={0} width={columns} height={rows} className="mask-frame" />
      {masked.regions.map((region, index) => (
        <rect
          key={index}
          x={region.x}
          y={region.y}
          width={region.width}
          height={region.height}
          className="mask-region"
        />
      ))}
    </svg>
  );
}

/** Burned-in text blanked before sending (Clean Pixel Data): which rule, which rectangles, how many frames. */
export function MaskedRegions({
  masked,
  rows,
  columns,
}: {
  masked: Masked[];
  rows: number;
  columns: number;
}): React.JSX.Element {
  const { t } = useTranslation();
  if (masked.length === 0)
    return (
      <p className="muted small" data-testid="masked-none">
        {t('send.masked.none')}
      </p>
    );
  const shown = masked.slice(0, 20);
  return (
    <ul className="masked-list" data-testid="masked-list">
      {shown.map((item) => (
        <li key={item.sopInstanceUid} data-testid="masked-item">
          {rows > 0 && columns > 0 && <RegionSketch masked={item} rows={rows} columns={columns} />}
          <div>
            <div>{t('send.masked.item', { rule: item.rule, frames: String(item.frames) })}</div>
            <div className="muted small mono">
              {item.regions.map((r) => `${r.width}×${r.height} @ (${r.x}, ${r.y})`).join(' · ')}
            </div>
          </div>
        </li>
      ))}
      {masked.length > shown.length && (
        <li className="muted small">
          {t('send.masked.more', { count: masked.length - shown.length })}
        </li>
      )}
    </ul>
  );
}
