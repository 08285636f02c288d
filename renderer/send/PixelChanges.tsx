import { useTranslation } from 'react-i18next';
import type { SendPreview } from '../../preload/contract/index.js';
import type { ja } from '../i18n/ja.js';
import { excludedByReason } from './previewGroups.js';

type ExcludedKey = keyof typeof ja.send.excludedReason;
const EXCLUDED_KEYS: readonly string[] = [
  'notDicom',
  'unreadable',
  'burnedInTextWithoutRule',
  'burnedInTextNotCleaned',
  'cannotDecodePixels',
  'cannotDeface',
  'duplicate',
  'notAnInstance',
  'encapsulatedDocument',
  'textUnsure',
  'tooMuchText',
] satisfies readonly ExcludedKey[];

/** Faces removed from head volumes (Clean Recognizable Visual Features): per series, voxels and images. */
export function DefacedSeries({
  defaced,
}: {
  defaced: SendPreview['studies'][number]['defaced'];
}): React.JSX.Element {
  const { t, i18n } = useTranslation();
  if (defaced.length === 0)
    return (
      <p className="muted small" data-testid="defaced-none">
        {t('send.defaced.none')}
      </p>
    );
  return (
    <ul data-testid="defaced-list">
      {defaced.map((series, index) => (
        <li key={series.seriesInstanceUid} data-testid="defaced-item">
          {t('send.defaced.item', {
            index: String(index + 1),
            voxels: series.voxelsRemoved.toLocaleString(i18n.language),
            instances: String(series.instances),
          })}
        </li>
      ))}
    </ul>
  );
}

/** Files left out of the send, counted per readable reason (never a name: names may carry patients'). */
export function ExcludedFiles({ preview }: { preview: SendPreview }): React.JSX.Element {
  const { t } = useTranslation();
  const counts = excludedByReason(preview);
  if (counts.length === 0)
    return (
      <p className="muted small" data-testid="excluded-none">
        {t('send.excluded.none')}
      </p>
    );
  return (
    <ul className="excluded-list" data-testid="excluded-list">
      {counts.map(([reason, count]) => (
        <li key={reason} data-testid="excluded-item" data-reason={reason}>
          {EXCLUDED_KEYS.includes(reason)
            ? t(`send.excludedReason.${reason as ExcludedKey}`)
            : reason}{' '}
          — {t('send.excluded.files', { count })}
        </li>
      ))}
    </ul>
  );
}
