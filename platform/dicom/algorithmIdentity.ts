import { codeItem, codes } from './codes.js';
import type { NaturalDataset } from './part10.js';
import { uidFromName } from './uid.js';

/**
 * Who made a result object. IHE AIR (Rad TF-3 6.5.3, "Algorithm Identification") asks that the
 * AI algorithm be identified in the Contributing Equipment Sequence (0018,A001) of every result
 * object, with manufacturer, model name, software version and a device UID; the SR also names
 * it in its observer context (TID 1004 Device Observer Identifying Attributes) and the SEG in
 * Segment Algorithm Name.
 */
export interface AlgorithmIdentity {
  manufacturer: string;
  modelName: string;
  version: string;
  deviceUid: string;
  /** Short name for Segment Algorithm Name and the SR's Algorithm Name. */
  name: string;
  /** How the algorithm was validated and what it is not, said in every result it makes. */
  validation?: string;
}

export const PLATFORM_MANUFACTURER = 'Mitate reference platform';

export function algorithmIdentity(
  name: string,
  version: string,
  validation?: string,
): AlgorithmIdentity {
  return {
    ...(validation === undefined ? {} : { validation }),
    manufacturer: PLATFORM_MANUFACTURER,
    modelName: name,
    version,
    // Stable per algorithm and version, so that results of the same algorithm can be grouped.
    deviceUid: uidFromName(`mitate algorithm ${name} ${version}`),
    name,
  };
}

/** The attributes of the General and Enhanced General Equipment modules and the AIR item. */
export function equipmentAttributes(algorithm: AlgorithmIdentity): NaturalDataset {
  return {
    Manufacturer: algorithm.manufacturer,
    ManufacturerModelName: algorithm.modelName,
    DeviceSerialNumber: algorithm.deviceUid.slice(-16),
    SoftwareVersions: algorithm.version,
    ContributingEquipmentSequence: [
      {
        Manufacturer: algorithm.manufacturer,
        ManufacturerModelName: algorithm.modelName,
        SoftwareVersions: algorithm.version,
        DeviceUID: algorithm.deviceUid,
        InstitutionName: 'Mitate reference platform',
        PurposeOfReferenceCodeSequence: [codeItem(codes.processingEquipment)],
        // Contribution Description is ST (1024 characters): room for the validation statement.
        ContributionDescription: [
          `Reference algorithm ${algorithm.name} ${algorithm.version}, not for clinical use`,
          ...(algorithm.validation === undefined ? [] : [algorithm.validation]),
        ].join('. '),
      },
    ],
  };
}
