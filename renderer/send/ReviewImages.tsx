import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SendPreview } from '../../preload/contract/index.js';
import type { ja } from '../i18n/ja.js';
import { ReviewPictureView } from './ReviewPictureView.js';
import { descriptorsCleaned, reviewSeries, type ReviewItem } from './reviewSeries.js';
import { useSendStore } from './sendStore.js';

type HoldKey = keyof typeof ja.send.holdReason;

function ItemText({ item }: { item: ReviewItem }): React.JSX.Element {
  const { t } = useTranslation();
  const reviewed = useSendStore((state) => state.reviewed);
  if (item.held !== undefined) {
    const held = item.held;
    const checked = reviewed.includes(held.sopInstanceUid);
    return (
      <div>
        <div className="review-held">
          {t('send.review.held', { reason: t(`send.holdReason.${held.reason as HoldKey}`) })}
        </div>
        <div className="muted small">
          {t('send.review.regions', { count: held.regions.length })} · {t('send.review.heldNote')}
        </div>
        <label className="review-confirm">
          <input
            type="checkbox"
            data-testid="held-confirm"
            data-sop={held.sopInstanceUid}
            checked={checked}
            onChange={(event) =>
              useSendStore.getState().setReviewed(held.sopInstanceUid, event.target.checked)
            }
          />
          {t('send.review.confirm')}
        </label>
      </div>
    );
  }
  if (item.masked !== undefined)
    return (
      <div>
        <div>
          {item.masked.rule === 'text detector'
            ? t('send.review.detector')
            : t('send.review.rule', { rule: item.masked.rule })}
        </div>
        <div className="muted small">
          {t('send.review.regions', { count: item.masked.regions.length })}
          {item.masked.reviewed === true && ` · ${t('send.review.reviewedNote')}`}
        </div>
      </div>
    );
  return <div className="muted small">{t('send.review.unchanged')}</div>;
}

/**
 * Before anything leaves, series by series: each image whose pixels were masked or that is held
 * back, as it will be sent with its masks outlined, and why; a held-back image is sent only
 * once the doctor ticks that it was looked at. Any picture opens larger.
 */
export function ReviewImages({ preview }: { preview: SendPreview }): React.JSX.Element {
  const { t } = useTranslation();
  const [large, setLarge] = useState<string | undefined>(undefined);
  const groups = reviewSeries(preview);
  const cleaned = descriptorsCleaned(preview);
  const regionsOf = (item: ReviewItem) => item.held?.regions ?? item.masked?.regions ?? [];
  const shown = groups
    .flatMap((group) => group.items)
    .find((item) => item.sopInstanceUid === large);
  return (
    <div data-testid="review-images">
      {cleaned > 0 && (
        <p className="muted small" data-testid="review-descriptors">
          {t('send.review.descriptors', { count: cleaned })}
        </p>
      )}
      {groups.length === 0 && (
        <p className="muted small" data-testid="review-none">
          {t('send.review.none')}
        </p>
      )}
      {groups.map((group, index) => (
        <div key={group.seriesInstanceUid} className="review-series" data-testid="review-series">
          <h4>
            {t('send.review.series', { index: String(index + 1) })}{' '}
            <span className="muted small">
              {t('send.review.summary', {
                masked: String(group.masked),
                held: String(group.held),
              })}
            </span>
          </h4>
          <ul className="review-list">
            {group.items.map((item) => (
              <li
                key={item.sopInstanceUid}
                data-testid="review-item"
                data-sop={item.sopInstanceUid}
                data-held={item.held !== undefined}
                data-masked={item.masked !== undefined}
              >
                {item.picture !== undefined && (
                  <button
                    type="button"
                    className="review-thumb"
                    title={t('send.review.enlarge')}
                    aria-label={t('send.review.enlarge')}
                    data-testid="review-open"
                    onClick={() => setLarge(item.sopInstanceUid)}
                  >
                    <ReviewPictureView
                      picture={item.picture}
                      regions={regionsOf(item)}
                      zoom={0.5}
                    />
                  </button>
                )}
                <ItemText item={item} />
              </li>
            ))}
          </ul>
        </div>
      ))}
      {shown?.picture !== undefined && (
        <div className="review-large" data-testid="review-large" data-sop={shown.sopInstanceUid}>
          <ReviewPictureView picture={shown.picture} regions={regionsOf(shown)} zoom={2} />
          <div>
            <ItemText item={shown} />
            <button
              type="button"
              className="secondary"
              data-testid="review-large-close"
              onClick={() => setLarge(undefined)}
            >
              {t('send.review.close')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
