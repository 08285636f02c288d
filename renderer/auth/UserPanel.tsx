import './auth.css';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format/dates.js';
import { useAuthStore } from '../state/authStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { AuthError } from './AuthError.js';
import { factorNames } from './factorNames.js';
import { PinSetup } from './PinSetup.js';

/**
 * The header's account area: sign in, who is signed in (when, with which factors), the unlock
 * PIN, lock, sign out. "Lock now" is there signed in or not: the idle lock protects the screen
 * either way.
 */
export function UserPanel(): React.JSX.Element | null {
  const { t } = useTranslation();
  const status = useAuthStore((state) => state.status);
  const loginUrl = useAuthStore((state) => state.loginUrl);
  const { beginLogin, cancelLogin, logout, lockNow } = useAuthStore.getState();
  const locale = useSettingsStore((state) => state.locale);
  if (status === undefined) return null;
  const lockButton = (
    <button
      type="button"
      className="secondary"
      data-testid="lock-now"
      onClick={() => void lockNow()}
    >
      {t('auth.lockNow')}
    </button>
  );
  if (status.platformUrl === null) {
    return (
      <div className="user-panel" data-testid="user-panel" data-state="no-platform">
        <span className="muted">{t('auth.noPlatform')}</span>
        <PinSetup />
        {lockButton}
        <AuthError />
      </div>
    );
  }
  return (
    <div className="user-panel" data-testid="user-panel" data-state={status.state}>
      {status.state === 'signed-out' && (
        <>
          <span className="muted">{t('auth.notSignedIn')}</span>
          <button type="button" data-testid="sign-in" onClick={() => void beginLogin()}>
            {t('auth.signIn')}
          </button>
          <PinSetup />
          {lockButton}
        </>
      )}
      {status.state === 'signing-in' && (
        <>
          <span>{t('auth.signingIn')}</span>
          {loginUrl !== undefined && (
            <a
              href={loginUrl}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="open-login-page"
            >
              {t('auth.openPage')}
            </a>
          )}
          <button
            type="button"
            className="secondary"
            data-testid="cancel-sign-in"
            onClick={() => void cancelLogin()}
          >
            {t('auth.cancel')}
          </button>
        </>
      )}
      {status.state === 'signed-in' && status.user !== undefined && (
        <>
          <span className="user-who">
            <span className="user-name" data-testid="user-name">
              {status.user.name}
            </span>
            <span className="user-detail" data-testid="user-detail">
              {/* A sign-in time that is not a time shows as nothing: it is the platform's mistake, not a reading. */}
              {t('auth.loginAt', { time: formatDateTime(status.user.loginAt, locale, '') })} ·{' '}
              {t('auth.factors', { factors: factorNames(t, status.user.amr) })}
            </span>
          </span>
          {status.offline && (
            <span className="badge warn" title={t('auth.offlineHint')} data-testid="auth-offline">
              {t('auth.offline')}
            </span>
          )}
          <PinSetup />
          {lockButton}
          <button
            type="button"
            className="secondary"
            data-testid="sign-out"
            onClick={() => void logout()}
          >
            {t('auth.signOut')}
          </button>
        </>
      )}
      {status.tokenStore === 'memory' && (
        <span className="badge warn" data-testid="memory-only" title={t('auth.memoryOnly')}>
          {t('auth.memoryOnlyShort')}
        </span>
      )}
      <AuthError />
    </div>
  );
}
