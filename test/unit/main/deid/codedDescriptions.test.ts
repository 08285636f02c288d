// Coded descriptions: a RIS's local procedure, protocol, contrast and anatomy codes whose meanings
// carry names (of the patient, of the referring doctor, of a clinic) that appear nowhere else in
// the header. Their meanings must not leave under any option; standard codes (SCT, LN, RadLex,
// DCM) keep theirs.
import { describe, expect, it } from 'vitest';
import type { OutItem } from '../../../../main/dicom/index.js';
import type { DeidOptionKey } from '../../../../main/deid/profileTypes.js';
import {
  craft,
  deid,
  item,
  sequence,
  survivors,
  useScratchFolder,
  value,
} from './secondReadCraft.js';

useScratchFolder();

const code = (codeValue: string, scheme: string, meaning: string): OutItem =>
  item([
    value(0x00080100, 'SH', codeValue),
    value(0x00080102, 'SH', scheme),
    value(0x00080104, 'LO', meaning),
  ]);

const PLANTED = ['Okonogi', 'Kawasaki Clinic', 'Tanaka', 'SUZUKI', 'fell at home', 'Dr. Mori'];
const STANDARD_MEANINGS = ['CT of head', 'Head', 'Iohexol', 'Headache', 'Finding'];

function studyWithCodes(): Uint8Array {
  return craft([
    // Procedure Code Sequence (not in Table E.1-1): a local RIS code and its SNOMED CT equivalent.
    sequence(0x00081032, [
      code('CT0042', '99KANAGAWA', 'CT head, referred by Dr. Okonogi'),
      code('303653007', 'SCT', 'CT of head'),
    ]),
    // Contrast/Bolus Agent Sequence: a pharmacy's local code, and a standard one.
    sequence(0x00180012, [
      code('OMNI350', 'L', 'Omnipaque for SUZUKI ward 5'),
      code('C-B0322', 'SRT', 'Iohexol'),
    ]),
    // Anatomic Region Sequence: a local code whose value carries the patient's ID.
    sequence(0x00082218, [
      code('MRN4471902', 'LOCAL', 'head (Kawasaki Clinic protocol)'),
      code('RID9080', 'RADLEX', 'Head'),
    ]),
    // Performed Protocol Code Sequence, and Reason for Requested Procedure Code Sequence (C under Clean Descriptors).
    sequence(0x00400260, [code('P-77', '99PROT', 'Tanaka Ichiro protocol')]),
    sequence(0x0040100a, [
      code('R-1', '99REASON', 'fell at home, seen by Dr. Mori'),
      code('25064002', 'SCT', 'Headache'),
    ]),
    // SR content under Clean Structured Content: a CODE item with a local concept.
    sequence(0x0040a730, [
      item([
        value(0x0040a010, 'CS', 'CONTAINS'),
        value(0x0040a040, 'CS', 'CODE'),
        sequence(0x0040a043, [code('121071', 'DCM', 'Finding')]),
        sequence(0x0040a168, [code('X1', '99LOCALSR', 'Dr. Mori asked for SUZUKI follow-up')]),
      ]),
    ]),
  ]);
}

describe('coded descriptions of local coding schemes', () => {
  const optionSets: DeidOptionKey[][] = [
    [],
    ['cleanDescriptors'],
    ['cleanDescriptors', 'cleanStructuredContent'],
    ['cleanStructuredContent'],
  ];
  for (const options of optionSets) {
    it(`no local code meaning or identifying code value survives (options: ${options.join(', ') || 'basic'})`, async () => {
      const result = await deid(studyWithCodes(), options);
      expect(result.excluded).toEqual([]);
      expect(survivors(result, [...PLANTED, 'MRN4471902'])).toEqual([]);
    });
  }

  it('standard codes keep their meanings where the profile keeps their sequence', async () => {
    const result = await deid(studyWithCodes(), ['cleanDescriptors', 'cleanStructuredContent']);
    expect(survivors(result, STANDARD_MEANINGS)).toEqual(STANDARD_MEANINGS);
    // Local codes keep their values (a receiver may map them) unless they are identifying.
    expect(survivors(result, ['CT0042', 'OMNI350', 'P-77'])).toEqual(['CT0042', 'OMNI350', 'P-77']);
  });
});
