/** What a reference service leaves in its out folder; every path is inside it. */
export interface ServiceResult {
  /** DICOM result objects (SEG, SR) written into outDir. */
  outputFiles: string[];
  /** findings.json beside them, when the service produces findings. */
  findingsJson?: string;
}
