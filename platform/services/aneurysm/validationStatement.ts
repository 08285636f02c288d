/**
 * What the reference aneurysm service has been measured on, said in the catalog and in every
 * result it writes. The figures are those of `npm run bench` (bench/aneurysm.bench.ts) on the
 * validation phantom set, which was never used for tuning or calibration; update them together.
 */
export const aneurysmValidation = {
  cases: 40,
  aneurysms: 63,
  /** At the reporting threshold. */
  sensitivity: 0.92,
  falsePositivesPerCase: 0.3,
} as const;

const { cases, aneurysms, sensitivity, falsePositivesPerCase } = aneurysmValidation;

export const aneurysmValidationStatement = {
  ja: `合成ファントムのみで検証(患者データでは未検証):独立した検証用TOF-MRAファントム${cases}例・動脈瘤${aneurysms}個(3–10 mm)で感度${sensitivity.toFixed(2)}、偽陽性 1例あたり${falsePositivesPerCase.toFixed(1)}個。医療機器ではありません。`,
  en: `Validated on synthetic phantoms only, never on patient data: on ${cases} independent TOF-MRA validation phantoms with ${aneurysms} aneurysms of 3-10 mm, sensitivity ${sensitivity.toFixed(2)} at ${falsePositivesPerCase.toFixed(1)} false positives per case. Not a medical device.`,
} as const;
