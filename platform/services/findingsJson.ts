import { z } from 'zod';

/**
 * findings.json, the plain summary written beside the DICOM results:
 * `{"findings": [{"center_mm": [x, y, z], "diameter_mm": d, "volume_mm3": v, "confidence": c}]}`
 * with the centre in the DICOM patient coordinate system of the input (LPS, mm).
 */
export const findingSchema = z.object({
  center_mm: z.tuple([z.number(), z.number(), z.number()]),
  diameter_mm: z.number().nonnegative(),
  volume_mm3: z.number().nonnegative(),
  confidence: z.number().min(0).max(1),
});
export const findingsFileSchema = z.object({ findings: z.array(findingSchema) });
export type FindingsFile = z.infer<typeof findingsFileSchema>;

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export function findingsFileText(findings: FindingsFile['findings']): string {
  const file = findingsFileSchema.parse({
    findings: findings.map((f) => ({
      center_mm: f.center_mm.map((v) => round(v, 2)),
      diameter_mm: round(f.diameter_mm, 2),
      volume_mm3: round(f.volume_mm3, 1),
      confidence: round(f.confidence, 3),
    })),
  });
  return `${JSON.stringify(file, null, 2)}\n`;
}
