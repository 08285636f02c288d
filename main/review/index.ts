/**
 * The review screen's channels: the findings of a study's reports and its segmentations (read
 * through main/results), and the doctor's assessment of them saved as a new SR (IHE AIRA).
 */
export { createReviewHandlers } from './reviewHandlers.js';
