import { useTranslation } from 'react-i18next';
import type { ServiceEligibility } from '../../preload/contract/index.js';
import { useAuthStore } from '../state/authStore.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { sendBlock } from './sendAvailability.js';
import { useSendStore } from './sendStore.js';

/**
 * "Send to service" for the series on screen. Off, with the reason beside it, when nobody is
 * signed in, no series is open, or the service does not accept the series.
 */
export function SendButton(props: {
  serviceId: string;
  eligibility: ServiceEligibility | undefined;
  compact?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation();
  const signedIn = useAuthStore((state) => state.status?.state === 'signed-in');
  const studyId = useLibraryStore((state) => state.selectedStudyId);
  const seriesId = useLibraryStore((state) => state.selectedSeriesId);
  const busy = useSendStore((state) => state.phase !== 'closed');
  const block = sendBlock({
    signedIn,
    seriesId: studyId === undefined ? undefined : seriesId,
    eligibility: props.eligibility,
  });
  const reason = block === undefined ? undefined : t(`send.disabled.${block}`);
  const start = (): void => {
    if (studyId === undefined || seriesId === undefined) return;
    void useSendStore
      .getState()
      .open({ studyId, seriesIds: [seriesId], serviceId: props.serviceId });
  };
  return (
    <div className={props.compact ? 'send-action compact' : 'send-action'}>
      <button
        type="button"
        data-testid="send-open"
        data-service={props.serviceId}
        disabled={block !== undefined || busy}
        title={reason}
        onClick={start}
      >
        {t('send.action')}
      </button>
      {reason !== undefined && !props.compact && (
        <span className="send-blocked muted small" data-testid="send-blocked" data-reason={block}>
          {reason}
        </span>
      )}
    </div>
  );
}
