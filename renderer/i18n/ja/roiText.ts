// Japanese for the text cornerstone draws beside an ROI on the image (renderer/viewer/roiTextLines.ts).

export const roiText = {
  area: '面積: {{value}} {{unit}}',
  oblique: '面積: 斜断面では計算できません',
  mean: '平均: {{value}} {{unit}}',
  max: '最大: {{value}} {{unit}}',
  min: '最小: {{value}} {{unit}}',
  sd: 'SD: {{value}} {{unit}}',
} as const;
