/**
 * Does an AI service accept a series? The catalog states what each service takes (modality,
 * SOP classes, at least N slices, words that name the right sequence); every unmet condition is
 * returned as a reason the doctor can read. Body Part Examined (0018,0015) is often empty in real
 * files, so only a series that states a body part the service does not read is refused on it.
 */
import type {
  CatalogService,
  IneligibleReason,
  ServiceEligibility,
} from '../../preload/contract/index.js';
import type { InstanceHeader } from '../dicom/index.js';

export function seriesEligibility(
  service: CatalogService,
  headers: InstanceHeader[],
  allowedServices: string[] | undefined,
): ServiceEligibility {
  const reasons: IneligibleReason[] = [];
  const images = headers.filter((header) => header.hasPixelData);
  const slices = images.reduce((sum, header) => sum + Math.max(1, header.numberOfFrames), 0);
  const first = images[0] ?? headers[0];
  if (allowedServices !== undefined && !allowedServices.includes(service.id))
    reasons.push('not-allowed');
  if (first === undefined || images.length === 0) reasons.push('no-images');
  else {
    if (!service.input.modalities.includes(first.modality)) reasons.push('modality');
    const bodyPart = first.bodyPartExamined?.trim().toUpperCase() ?? '';
    const bodyParts = service.input.bodyParts.map((part) => part.toUpperCase());
    if (bodyPart !== '' && bodyParts.length > 0 && !bodyParts.includes(bodyPart))
      reasons.push('body-part');
    if (!images.every((header) => service.input.sopClassUids.includes(header.sopClassUid)))
      reasons.push('sop-class');
    if (slices < service.input.minSlices) reasons.push('too-few-slices');
    const description = first.seriesDescription.toUpperCase();
    const hints = service.input.seriesHints.map((hint) => hint.toUpperCase());
    if (hints.length > 0 && !hints.some((hint) => description.includes(hint)))
      reasons.push('sequence');
  }
  return {
    serviceId: service.id,
    eligible: reasons.length === 0,
    reasons,
    slices,
    minSlices: service.input.minSlices,
  };
}
