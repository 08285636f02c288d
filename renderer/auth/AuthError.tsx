import { useTranslation } from 'react-i18next';
import { useAuthStore } from '../state/authStore.js';

/** Why the last sign-in failed, in words (the error code's i18n text), until the next attempt. */
export function AuthError(): React.JSX.Element | null {
  const { t } = useTranslation();
  const error = useAuthStore((state) => state.error);
  if (error === undefined) return null;
  return (
    <span className="auth-error" role="alert" data-testid="auth-error" data-code={error}>
      {t(`error.${error}`)}
    </span>
  );
}
