import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format/dates.js';
import { useAuthStore } from '../state/authStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { MIN_PIN_LENGTH } from './pinRules.js';

/**
 * The lock screen's local factor: the PIN of whoever the lock protects, checked in main without
 * the platform's pages. With no PIN on a workstation nobody is signed in to, the first PIN set
 * here unlocks (there is nobody else to ask); the header offers to set one before that happens.
 */
export function PinUnlock(): React.JSX.Element | null {
  const { t } = useTranslation();
  const status = useAuthStore((state) => state.status);
  const locale = useSettingsStore((state) => state.locale);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const unlockPin = status?.unlockPin;
  if (unlockPin === undefined || !unlockPin.available) return null;
  const firstPin = !unlockPin.set && status?.user === undefined;
  if (!unlockPin.set && !firstPin) return null;
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const store = useAuthStore.getState();
    const done = firstPin ? await store.setPin(pin) : await store.unlockWithPin(pin);
    setBusy(false);
    if (!done) setPin('');
  };
  return (
    <form className="pin-form" data-testid="pin-unlock" onSubmit={(event) => void submit(event)}>
      <label htmlFor="lock-pin">{t(firstPin ? 'lock.pinFirst' : 'lock.pinLabel')}</label>
      <input
        id="lock-pin"
        data-testid="lock-pin-input"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        minLength={MIN_PIN_LENGTH}
        maxLength={64}
        value={pin}
        onChange={(event) => setPin(event.target.value)}
        autoFocus
      />
      <button
        type="submit"
        data-testid="lock-pin-submit"
        disabled={busy || pin.length < MIN_PIN_LENGTH}
      >
        {t(firstPin ? 'lock.pinSetAndUnlock' : 'lock.pinUnlock')}
      </button>
      {unlockPin.retryAt !== undefined && (
        <p className="muted" data-testid="lock-pin-wait">
          {t('lock.pinWait', { time: formatDateTime(unlockPin.retryAt, locale, '', true) })}
        </p>
      )}
    </form>
  );
}
