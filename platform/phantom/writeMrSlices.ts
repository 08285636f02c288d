import { join } from 'node:path';
import { decimalString, encodePart10, type NaturalDataset, uidFromName } from '../dicom/index.js';
import { voxelToPatient, type VolumeGeometry } from '../volume/index.js';
import { writeFileAtomic } from '@mitate/atomic-write';

export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

/**
 * One MR Image Storage file per axial slice (PS3.3 A.4: Patient, General Study, General Series,
 * Frame of Reference, General Equipment, General Image, Image Plane, Image Pixel, MR Image, SOP
 * Common), with the acquisition attributes of a 3D TOF gradient-echo angiogram. UIDs derive from
 * the seed, so the same seed gives the same study.
 */
export async function writeMrSlices(
  folder: string,
  geometry: VolumeGeometry,
  voxels: Uint16Array,
  seed: number,
): Promise<{ studyInstanceUid: string; seriesInstanceUid: string }> {
  const [nx, ny, nz] = geometry.dimensions;
  const [dx, dy, dz] = geometry.spacing;
  const key = `mitate phantom mra ${seed} ${nx}x${ny}x${nz} ${dx}x${dy}x${dz}`;
  const studyInstanceUid = uidFromName(`${key} study`);
  const seriesInstanceUid = uidFromName(`${key} series`);
  const frameOfReferenceUid = uidFromName(`${key} frame`);
  let maximum = 0;
  for (let v = 0; v < voxels.length; v++) if (voxels[v]! > maximum) maximum = voxels[v]!;
  const digits = String(nz).length;
  for (let k = 0; k < nz; k++) {
    const position = voxelToPatient(geometry, 0, 0, k);
    const slice = voxels.slice(k * nx * ny, (k + 1) * nx * ny);
    const dataset: NaturalDataset = {
      SpecificCharacterSet: 'ISO_IR 100',
      ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
      SOPClassUID: MR_IMAGE_STORAGE,
      SOPInstanceUID: uidFromName(`${key} instance ${k}`),
      StudyDate: '20240401',
      SeriesDate: '20240401',
      ContentDate: '20240401',
      StudyTime: '090000',
      SeriesTime: '090500',
      ContentTime: '090500',
      AccessionNumber: '',
      Modality: 'MR',
      Manufacturer: 'Mitate reference platform',
      InstitutionName: 'Synthetic phantom',
      ReferringPhysicianName: '',
      StudyDescription: 'MRA head (synthetic phantom)',
      SeriesDescription: 'TOF 3D (synthetic phantom)',
      ManufacturerModelName: 'TOF-MRA phantom',
      PatientName: `PHANTOM^MRA^${seed}`,
      PatientID: `PHANTOM-MRA-${seed}`,
      PatientBirthDate: '',
      PatientSex: 'O',
      PatientAge: '060Y',
      BodyPartExamined: 'HEAD',
      ScanningSequence: 'GR',
      SequenceVariant: ['SP', 'OSP'],
      ScanOptions: '',
      MRAcquisitionType: '3D',
      SequenceName: 'fl3d1r_t70',
      AngioFlag: 'Y',
      SliceThickness: decimalString(dz),
      RepetitionTime: '22',
      EchoTime: '3.6',
      NumberOfAverages: '1',
      ImagingFrequency: '123.2',
      ImagedNucleus: '1H',
      EchoNumbers: '1',
      MagneticFieldStrength: '3',
      SpacingBetweenSlices: decimalString(dz),
      EchoTrainLength: '1',
      FlipAngle: '18',
      SoftwareVersions: 'mitate-phantom 1',
      ProtocolName: 'TOF_3D_multi-slab',
      PatientPosition: 'HFS',
      StudyInstanceUID: studyInstanceUid,
      SeriesInstanceUID: seriesInstanceUid,
      StudyID: `PH${seed}`,
      SeriesNumber: '1',
      AcquisitionNumber: '1',
      InstanceNumber: String(k + 1),
      ImagePositionPatient: position.map(decimalString),
      ImageOrientationPatient: [...geometry.rowDirection, ...geometry.columnDirection].map(
        decimalString,
      ),
      FrameOfReferenceUID: frameOfReferenceUid,
      PositionReferenceIndicator: '',
      SliceLocation: decimalString(position[2]),
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: ny,
      Columns: nx,
      PixelSpacing: [decimalString(dy), decimalString(dx)],
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 0,
      SmallestImagePixelValue: 0,
      LargestImagePixelValue: maximum,
      WindowCenter: '200',
      WindowWidth: '500',
      PixelData: [slice.buffer],
      _vrMap: { PixelData: 'OW', SmallestImagePixelValue: 'US', LargestImagePixelValue: 'US' },
    };
    await writeFileAtomic(
      join(folder, `slice-${String(k + 1).padStart(digits, '0')}.dcm`),
      encodePart10(dataset),
    );
  }
  return { studyInstanceUid, seriesInstanceUid };
}
