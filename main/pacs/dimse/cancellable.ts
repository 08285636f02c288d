/**
 * A request the user can stop: on abort a C-CANCEL goes to the node (PS3.7 9.3.2.3) and its final
 * response is awaited briefly; a node that ignores it is aborted. Also used to stop a C-FIND that
 * sends more answers than we keep.
 */
import { PacsError } from '../pacsClient.js';
import type { ClientAssociation } from './clientAssociation.js';
import type { Request, Response } from './dimseLibrary.js';
import { asPacsError } from './failures.js';

const CANCEL_GRACE_MS = 3000;

export async function performCancellable(
  association: ClientAssociation,
  request: Request,
  signal: AbortSignal,
  onPending: (response: Response) => void = () => {},
  onSent: () => void = () => {},
): Promise<Response> {
  if (signal.aborted) throw new PacsError('cancelled');
  let stopped: PacsError | undefined;
  const stop = (error: PacsError): void => {
    if (stopped !== undefined) return;
    stopped = error;
    association.cancel(request);
    setTimeout(() => association.abort(), CANCEL_GRACE_MS).unref();
  };
  const onAbort = (): void => stop(new PacsError('cancelled'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const running = association.perform(request, (response) => {
      if (stopped !== undefined) return;
      try {
        onPending(response);
      } catch (error) {
        stop(asPacsError(error));
      }
    });
    onSent();
    const final = await running;
    if (stopped !== undefined) throw stopped;
    return final;
  } catch (error) {
    throw stopped ?? asPacsError(error);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
