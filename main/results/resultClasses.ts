/** The SOP classes of result objects: Segmentation (PS3.4 B.5) and the Structured Reports (PS3.4 B.5, 1.2.840.10008.5.1.4.1.1.88.x). */
export const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
export const SR_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';

export const isResultClass = (sopClassUid: string): boolean =>
  sopClassUid === SEG_CLASS || sopClassUid.startsWith(SR_CLASS_PREFIX);
