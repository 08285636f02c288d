// Character-set decoding is shared with the reference platform, which reads the same Japanese
// names: one implementation in the workspace package, re-exported here for main's readers.
export {
  characterSpans,
  decodeText,
  isMultiByteCharacterSet,
  parseCharacterSets,
  splitValues,
  type CharacterSpans,
} from '@mitate/dicom-charset';
