import { useTranslation } from 'react-i18next';
import type { ReviewAlgorithm } from '../../preload/contract/index.js';

/** The visible "AI" mark every AI-made object carries, with the algorithm from Contributing Equipment (IHE AIR). */
export function AiMark({
  algorithm,
}: {
  algorithm: ReviewAlgorithm | undefined;
}): React.JSX.Element | null {
  const { t } = useTranslation();
  if (algorithm === undefined) return null;
  const name = [algorithm.name, algorithm.version].filter((part) => part !== '').join(' ');
  return (
    <span
      className="ai-mark"
      data-testid="ai-mark"
      title={t('review.aiMarkTitle', { manufacturer: algorithm.manufacturer })}
    >
      <strong>AI</strong> {name}
    </span>
  );
}
