import { useTranslation } from 'react-i18next';
import type { SendPreview } from '../../preload/contract/index.js';
import type { ja } from '../i18n/ja.js';
import { groupEntries, type PreviewEntry } from './previewGroups.js';

type ActionKey = keyof typeof ja.send.actions;
const ACTION_KEYS: readonly string[] = [
  'removed',
  'emptied',
  'dummy',
  'pseudonym',
  'uidReplaced',
  'dateShifted',
  'cleaned',
  'kept',
  'added',
  'masked',
  'defaced',
] satisfies readonly ActionKey[];

/** "00100010" -> "(0010,0010)"; private tags keep their "xx" block. */
function tagText(tag: string): string {
  return tag.includes(',') ? `(${tag})` : `(${tag.slice(0, 4)},${tag.slice(4)})`;
}

function EntryRow({ entry }: { entry: PreviewEntry }): React.JSX.Element {
  const { t } = useTranslation();
  const action = ACTION_KEYS.includes(entry.action)
    ? t(`send.actions.${entry.action as ActionKey}`)
    : entry.action;
  return (
    <tr data-testid="deid-entry" data-tag={entry.tag} data-action={entry.action}>
      <td>{entry.keyword ?? t('send.report.private')}</td>
      <td className="mono">{tagText(entry.tag)}</td>
      <td>
        {action}
        {entry.nested && <span className="muted"> · {t('send.report.nested')}</span>}
      </td>
      <td className="num">{entry.count}</td>
      <td className="muted small" title={entry.source}>
        {entry.rule}
      </td>
    </tr>
  );
}

/** The de-identification report grouped as removed / replaced / shifted / kept, each with its counts. */
export function DeidReportGroups({ preview }: { preview: SendPreview }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="deid-groups" data-testid="deid-report">
      {groupEntries(preview).map(({ group, entries, attributes, occurrences }) => (
        <details
          key={group}
          className={`deid-group deid-${group}`}
          data-testid="deid-group"
          data-group={group}
          data-attributes={attributes}
          open={group !== 'kept' && attributes > 0}
        >
          <summary>
            <span className="deid-group-name">{t(`send.groups.${group}`)}</span>
            <span className="deid-group-count" data-testid="deid-group-count">
              {t('send.report.counts', {
                attributes: String(attributes),
                occurrences: String(occurrences),
              })}
            </span>
          </summary>
          {entries.length === 0 ? (
            <p className="muted small">{t('send.report.none')}</p>
          ) : (
            <table className="deid-table">
              <thead>
                <tr>
                  <th>{t('send.report.attribute')}</th>
                  <th>{t('send.report.tag')}</th>
                  <th>{t('send.report.action')}</th>
                  <th className="num">{t('send.report.count')}</th>
                  <th>{t('send.report.rule')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <EntryRow
                    key={`${entry.tag}|${entry.action}|${entry.rule}|${entry.nested}`}
                    entry={entry}
                  />
                ))}
              </tbody>
            </table>
          )}
        </details>
      ))}
    </div>
  );
}
