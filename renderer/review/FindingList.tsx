import { useTranslation } from 'react-i18next';
import type { ReviewFinding, ReviewReport } from '../../preload/contract/index.js';
import { findingKey, useReviewStore } from '../state/reviewStore.js';
import { AiMark } from './AiMark.js';
import { Term } from './Term.js';

const oneDecimal = (value: number): string => value.toFixed(1);

function FindingRow({
  finding,
  index,
}: {
  finding: ReviewFinding;
  index: number;
}): React.JSX.Element {
  const { t } = useTranslation();
  const key = findingKey(finding);
  const selected = useReviewStore((state) => state.selected === key);
  const draft = useReviewStore((state) => state.drafts[key]);
  const decision = draft?.decision ?? 'none';
  const store = useReviewStore.getState;
  return (
    <li
      className={`finding ${selected ? 'selected' : ''} decision-${decision}`}
      data-testid="finding"
      data-decision={decision}
      aria-selected={selected}
    >
      <button
        type="button"
        className="finding-select"
        data-testid="finding-select"
        onClick={() => store().select(key)}
      >
        <span className="finding-number">{index + 1}</span>
        {finding.findingType !== undefined ? (
          <Term className="finding-type" text={finding.findingType} />
        ) : (
          <span className="finding-type">{finding.trackingId}</span>
        )}
        {finding.findingSite !== undefined && (
          <Term className="finding-site" text={finding.findingSite} />
        )}
      </button>
      <dl className="finding-figures">
        {finding.sizeMm !== undefined && (
          <>
            <dt>{t('review.size')}</dt>
            <dd data-testid="finding-size">
              {t('review.mm', { value: oneDecimal(finding.sizeMm) })}
            </dd>
          </>
        )}
        {finding.volumeMm3 !== undefined && (
          <>
            <dt>{t('review.volume')}</dt>
            <dd data-testid="finding-volume">
              {t('review.mm3', { value: oneDecimal(finding.volumeMm3) })}
            </dd>
          </>
        )}
        {finding.confidence !== undefined && (
          <>
            <dt>{t('review.confidence')}</dt>
            <dd data-testid="finding-confidence">{Math.round(finding.confidence * 100)}%</dd>
          </>
        )}
        {finding.sizeMm === undefined &&
          finding.measurements.slice(0, 4).map((m, at) => (
            <span key={at} className="finding-measurement">
              <dt>
                <Term text={m.name} />
                {m.derivation !== undefined && m.derivation !== '' && (
                  <>
                    {t('review.derivationOpen')}
                    <Term text={m.derivation} />
                    {t('review.derivationClose')}
                  </>
                )}
              </dt>
              <dd>
                {Number(m.value.toPrecision(4))} {m.unit}
              </dd>
            </span>
          ))}
      </dl>
      <div className="finding-decision" role="group" aria-label={t('review.decision')}>
        <button
          type="button"
          data-testid="finding-accept"
          aria-pressed={decision === 'accepted'}
          onClick={() =>
            store().setDraft(key, { decision: decision === 'accepted' ? 'none' : 'accepted' })
          }
        >
          {t('review.accept')}
        </button>
        <button
          type="button"
          data-testid="finding-reject"
          aria-pressed={decision === 'rejected'}
          onClick={() =>
            store().setDraft(key, { decision: decision === 'rejected' ? 'none' : 'rejected' })
          }
        >
          {t('review.reject')}
        </button>
        <input
          type="text"
          maxLength={1024}
          placeholder={t('review.comment')}
          aria-label={t('review.comment')}
          data-testid="finding-comment"
          value={draft?.comment ?? ''}
          onChange={(e) => store().setDraft(key, { comment: e.target.value })}
        />
      </div>
    </li>
  );
}

/** The findings of one TID 1500 report, each selectable, with accept, reject and a comment (IHE AIRA). */
export function FindingList({ report }: { report: ReviewReport }): React.JSX.Element {
  const { t } = useTranslation();
  const saving = useReviewStore((state) => state.saving);
  const savedSop = useReviewStore((state) => state.savedSop);
  return (
    <section className="finding-list" data-testid="finding-list">
      <h3>
        {t('review.findings', { count: report.findings.length })}{' '}
        <AiMark algorithm={report.algorithm} />
      </h3>
      <ol>
        {report.findings.map((finding, index) => (
          <FindingRow key={findingKey(finding)} finding={finding} index={index} />
        ))}
      </ol>
      <button
        type="button"
        data-testid="assessment-save"
        disabled={saving}
        onClick={() => void useReviewStore.getState().save()}
      >
        {t('review.save')}
      </button>
      {savedSop !== undefined && (
        <p className="hint" data-testid="assessment-saved" data-sop={savedSop}>
          {t('review.saved')}
        </p>
      )}
      <p className="hint">{t('review.aiUnchanged')}</p>
    </section>
  );
}
