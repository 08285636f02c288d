/**
 * The input does not suit the service (wrong modality, too few slices, compressed pixels). Its
 * message names the problem only, never a path or a patient attribute, so the platform can
 * pass it on in a failed work item.
 */
export class ServiceInputError extends Error {
  override readonly name = 'ServiceInputError';
}
