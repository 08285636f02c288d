import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuthStore } from '../state/authStore.js';
import { MIN_PIN_LENGTH } from './pinRules.js';

/**
 * The header's "unlock PIN" button and its small form: sets the PIN of whoever the lock protects
 * now (the signed-in user, else this workstation); changing one asks for the current PIN. Marked
 * as a warning while no PIN is set and nobody is signed in: the lock then has nothing to ask.
 */
export function PinSetup(): React.JSX.Element | null {
  const { t } = useTranslation();
  const status = useAuthStore((state) => state.status);
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [saved, setSaved] = useState(false);
  const unlockPin = status?.unlockPin;
  if (unlockPin === undefined || !unlockPin.available) return null;
  const mismatch = again !== '' && again !== pin;
  const ready =
    pin.length >= MIN_PIN_LENGTH && pin === again && (!unlockPin.set || current.length > 0);
  const save = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    const done = await useAuthStore.getState().setPin(pin, unlockPin.set ? current : undefined);
    if (!done) return;
    setOpen(false);
    setSaved(true);
    setCurrent('');
    setPin('');
    setAgain('');
  };
  const unprotected = !unlockPin.set && status?.user === undefined;
  return (
    <span className="pin-setup">
      <button
        type="button"
        className={unprotected ? 'warn' : 'secondary'}
        data-testid="pin-setup-open"
        data-pin-set={unlockPin.set}
        title={t(unprotected ? 'lock.pinMissingHint' : 'lock.pinHint')}
        onClick={() => {
          setOpen(!open);
          setSaved(false);
        }}
      >
        {t(unlockPin.set ? 'lock.pinChange' : 'lock.pinSet')}
      </button>
      {saved && (
        <span className="muted" data-testid="pin-saved">
          {t('lock.pinSaved')}
        </span>
      )}
      {open && (
        <form
          className="pin-form pin-popover"
          data-testid="pin-setup"
          onSubmit={(event) => void save(event)}
        >
          <p className="muted">{t('lock.pinExplain')}</p>
          {unlockPin.set && (
            <label>
              {t('lock.pinCurrent')}
              <input
                type="password"
                data-testid="pin-setup-current"
                autoComplete="off"
                value={current}
                onChange={(event) => setCurrent(event.target.value)}
              />
            </label>
          )}
          <label>
            {t('lock.pinNew', { count: MIN_PIN_LENGTH })}
            <input
              type="password"
              data-testid="pin-setup-new"
              autoComplete="off"
              minLength={MIN_PIN_LENGTH}
              maxLength={64}
              value={pin}
              onChange={(event) => setPin(event.target.value)}
            />
          </label>
          <label>
            {t('lock.pinAgain')}
            <input
              type="password"
              data-testid="pin-setup-again"
              autoComplete="off"
              maxLength={64}
              value={again}
              onChange={(event) => setAgain(event.target.value)}
            />
          </label>
          {mismatch && <span className="auth-error">{t('lock.pinMismatch')}</span>}
          <button type="submit" data-testid="pin-setup-save" disabled={!ready}>
            {t('lock.pinSave')}
          </button>
        </form>
      )}
    </span>
  );
}
