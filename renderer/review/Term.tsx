import { termOf } from '../format/medicalTerms.js';
import { useSettingsStore } from '../state/settingsStore.js';

/**
 * A term from an AI result (finding, site, segment label, measurement) in the reader's
 * language, with the result's own words beside it when they differ: those are what the
 * algorithm reported, and a reader checking a translation needs them.
 */
export function Term({ text, className }: { text: string; className?: string }): React.JSX.Element {
  const locale = useSettingsStore((state) => state.locale);
  const { shown, original } = termOf(text, locale);
  return (
    <span className={className} title={original}>
      {shown}
      {original !== undefined && (
        // Only Japanese is translated, so the original always sits in Japanese brackets.
        <span className="term-original">（{original}）</span>
      )}
    </span>
  );
}
