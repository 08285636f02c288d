import './auth.css';
import { useTranslation } from 'react-i18next';
import { useAuthStore } from '../state/authStore.js';
import { AuthError } from './AuthError.js';
import { PinUnlock } from './PinUnlock.js';

/**
 * What the window shows while locked: nothing of the studies, only who may unlock and how. The
 * app renders this instead of everything else, so no patient data stays in the page's DOM.
 */
export function LockScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const status = useAuthStore((state) => state.status);
  const loginUrl = useAuthStore((state) => state.loginUrl);
  const { beginLogin, logout } = useAuthStore.getState();
  const signingIn = status?.state === 'signing-in';
  return (
    <main className="lock-screen" data-testid="lock-screen">
      <div className="lock-card">
        <svg className="lock-icon" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true">
          <rect
            x="5"
            y="10"
            width="14"
            height="10"
            rx="2"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
          />
          <path d="M8 10V7a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        <h1>{t('lock.heading')}</h1>
        <p>{t('lock.body')}</p>
        {status?.user !== undefined && (
          <p className="muted">{t('lock.user', { name: status.user.name })}</p>
        )}
        <PinUnlock />
        {status?.platformUrl === null ? null : signingIn ? (
          <p>
            {t('lock.waiting')}{' '}
            {loginUrl !== undefined && (
              <a href={loginUrl} target="_blank" rel="noopener noreferrer">
                {t('auth.openPage')}
              </a>
            )}
          </p>
        ) : (
          <button
            type="button"
            className={status?.unlockPin.set === true ? 'secondary' : undefined}
            data-testid="unlock"
            onClick={() => void beginLogin()}
          >
            {t('lock.unlock')}
          </button>
        )}
        {status?.user !== undefined && (
          <button
            type="button"
            className="secondary"
            data-testid="lock-sign-out"
            onClick={() => void logout()}
          >
            {t('auth.signOut')}
          </button>
        )}
        <AuthError />
      </div>
    </main>
  );
}
