// English for the text cornerstone draws beside an ROI on the image (renderer/viewer/roiTextLines.ts).
import type { Messages } from '../messages.js';

export const roiText: Messages['roiText'] = {
  area: 'Area: {{value}} {{unit}}',
  oblique: 'Area: not measurable on an oblique plane',
  mean: 'Mean: {{value}} {{unit}}',
  max: 'Max: {{value}} {{unit}}',
  min: 'Min: {{value}} {{unit}}',
  sd: 'SD: {{value}} {{unit}}',
};
