/**
 * Public attributes that carry identity but PS3.15 Table E.1-1 (2026d) does not list. The table is
 * a minimum (PS3.15 E.1.1: the profile may be exceeded); an attribute it does not list is otherwise
 * kept, so these rows are Mitate's own, written in the table's action codes. Each was found by
 * reading the data dictionary against the table (every unlisted name, date, comment or ID).
 */
import type { ProfileRow } from './profileTypes.js';

const row = (
  tag: string,
  keyword: string,
  vr: string,
  basic: string,
  options: ProfileRow['options'] = {},
): ProfileRow => ({
  tag,
  keyword,
  vr,
  name: keyword,
  retired: false,
  basic,
  options,
  source: 'Mitate',
});

export const BEYOND_TABLE_ROWS: readonly ProfileRow[] = [
  // The patient's birth and death dates written in another calendar (PS3.3 C.7.1.1), e.g. a
  // Japanese era date: the same identifier as Patient's Birth Date (Z), only not in the table.
  row('00100033', 'PatientBirthDateInAlternativeCalendar', 'LO', 'X'),
  row('00100034', 'PatientDeathDateInAlternativeCalendar', 'LO', 'X'),
  // Qualifiers of Issuer of Patient ID (X): the assigning authority's OID and facility.
  row('00100024', 'IssuerOfPatientIDQualifiersSequence', 'SQ', 'X'),
  // Issuers of the Placer/Filler Order Numbers (Z in the table): the ordering institution's IDs.
  row('00400026', 'OrderPlacerIdentifierSequence', 'SQ', 'X'),
  row('00400027', 'OrderFillerIdentifierSequence', 'SQ', 'X'),
  // Issuer of Accession Number (the accession number is Z): the hospital's namespace and OID,
  // like Issuer of Admission ID Sequence (X).
  row('00080051', 'IssuerOfAccessionNumberSequence', 'SQ', 'X'),
  // "root^extension" of a referenced HL7 CDA document: the extension is the document's ID (Type 1).
  row('0040E001', 'HL7InstanceIdentifier', 'ST', 'D'),
  // Original attributes encrypted by an earlier de-identifier (PS3.15 E.1.1 step 4, for one
  // recipient's key): still the patient's identity, only sealed. It never leaves with our send.
  row('04000500', 'EncryptedAttributesSequence', 'SQ', 'X'),
  // Addresses an archive put into the objects it served (DICOMweb, WADO, JPIP, PS3.18): the
  // hospital's host name and the original Study/Series/SOP Instance UIDs in the path.
  row('00081190', 'RetrieveURL', 'UR', 'X'),
  row('0040E010', 'RetrieveURI', 'UR', 'X'),
  row('00404073', 'StorageURL', 'UR', 'X'),
  row('00287FE0', 'PixelDataProviderURL', 'UR', 'X'),
  row('0074100A', 'ContactURI', 'UR', 'X'),
  // A CD's file-set label is often the patient's name or ID; its UID is U in the table.
  row('00880130', 'StorageMediaFileSetID', 'SH', 'X'),
  // Free text of an SR content item or acquisition context item: "D" with its Content Sequence,
  // "C" under Clean Structured Content (PS3.15 E.3.3), wherever the item sits.
  row('0040A160', 'TextValue', 'UT', 'D', { cleanStructuredContent: 'C' }),
  // Title of an encapsulated PDF/CDA: converters fill it with the source file's name (Type 2).
  row('00420010', 'DocumentTitle', 'ST', 'Z', { cleanDescriptors: 'C' }),
  // Free text describing a presentation state, segmentation or graphic layer (Content
  // Identification Macro, PS3.3 C.10.9), like Series Description (X, C under Clean Descriptors).
  row('00700081', 'ContentDescription', 'LO', 'Z', { cleanDescriptors: 'C' }),
  row('00700068', 'GraphicLayerDescription', 'LO', 'X', { cleanDescriptors: 'C' }),
  // Free-text comments about the patient or the order, like Patient Comments (X, C under Clean Descriptors).
  row('00400400', 'CommentsOnTheScheduledProcedureStep', 'LT', 'X', { cleanDescriptors: 'C' }),
  row('00240044', 'CommentsOnPatientPerformanceOfVisualField', 'LT', 'X', {
    cleanDescriptors: 'C',
  }),
  // More free text the table does not list, where people write who approved, planned, set up or
  // stopped a treatment, or what the patient reported: like Dose Reference Description and the
  // table's other comments (X, C under Clean Descriptors). SOP Authorization Comment sits in the
  // SOP Common Module, so any instance may carry it.
  row('01000424', 'SOPAuthorizationComment', 'LT', 'X', { cleanDescriptors: 'C' }),
  row('30040006', 'DoseComment', 'LO', 'X', { cleanDescriptors: 'C' }),
  row('300600C8', 'FrameOfReferenceTransformationComment', 'LO', 'X', { cleanDescriptors: 'C' }),
  row('30080202', 'TreatmentStatusComment', 'ST', 'X', { cleanDescriptors: 'C' }),
  row('300A0402', 'SetupImageComment', 'ST', 'X', { cleanDescriptors: 'C' }),
  row('00440011', 'SubstanceAdministrationNotes', 'LO', 'X', { cleanDescriptors: 'C' }),
  // People named or numbered with a text VR other than PN (the PN ones are removed by the engine's
  // own rule): the contact of a procedure step (its Contact URI is removed above), a hanging
  // protocol's author, a print job's owner, the welders of an inspected component (DICONDE).
  row('0074100C', 'ContactDisplayName', 'LO', 'X'),
  row('00720008', 'HangingProtocolCreator', 'LO', 'X'),
  row('21000160', 'OwnerID', 'SH', 'X'),
  row('00140100', 'ComponentWelderIDs', 'LO', 'X'),
  // Device identity, like Plate ID and Detector ID (X or D, K under Retain Device Identity): the
  // ID of a device in a Device Sequence (an injector, a catheter) and the address of the site's
  // time server, which names a host on the hospital's network.
  row('00181003', 'DeviceID', 'LO', 'X', { retainDeviceIdentity: 'K' }),
  row('00181803', 'NTPSourceAddress', 'LO', 'X', { retainDeviceIdentity: 'K' }),
  // When a DICONDE detector's gain was calibrated: a device's date, like Date and Time of Last
  // Calibration (X, K under Retain Device Identity and Full Dates, C under Modified Dates).
  // Without this row the general rule for unlisted dates below would empty it instead.
  row('00143076', 'DateOfGainCalibration', 'DA', 'X', {
    retainDeviceIdentity: 'K',
    retainLongitudinalFullDates: 'K',
    retainLongitudinalModifiedDates: 'C',
  }),
  row('00143077', 'TimeOfGainCalibration', 'TM', 'X', {
    retainDeviceIdentity: 'K',
    retainLongitudinalFullDates: 'K',
    retainLongitudinalModifiedDates: 'C',
  }),
  // Retired attributes the table does not list, still found in old objects: the order numbers that
  // became Placer/Filler Order Number Imaging Service Request (Z), the free text of the SR trial
  // (like Requested Procedure Description and Specimen Short Description, X or C under Clean
  // Descriptors), its URL (like Retrieve URL) and ACR-NEMA's free-text Reference.
  row('00401006', 'PlacerOrderNumberProcedure', 'SH', 'X'),
  row('00401007', 'FillerOrderNumberProcedure', 'SH', 'X'),
  row('00402006', 'PlacerOrderNumberImagingServiceRequestRetired', 'SH', 'X'),
  row('00402007', 'FillerOrderNumberImagingServiceRequestRetired', 'SH', 'X'),
  row('00401060', 'RequestedProcedureDescriptionTrial', 'LO', 'X', { cleanDescriptors: 'C' }),
  row('00400553', 'SpecimenDescriptionTrial', 'ST', 'X', { cleanDescriptors: 'C' }),
  row('0040A33A', 'ReportStatusCommentTrial', 'ST', 'X', { cleanDescriptors: 'C' }),
  row('0040A992', 'UniformResourceLocatorTrial', 'ST', 'X'),
  row('00201020', 'Reference', 'LO', 'X'),
  // An animal patient's registration with a breed registry (PS3.3 C.7.1.1): the registry's ID of
  // that animal, an identifier like Other Patient IDs (X).
  row('00102294', 'BreedRegistrationSequence', 'SQ', 'X'),
];

/**
 * Every public date, datetime and time the table does not list (Study Update DateTime, Secondary
 * Review Date and Time, DICONDE's Expiry Date, DICOS's route and alarm times, and any the data
 * dictionary adds later): a general rule by VR, not a row per tag, applied wherever such an
 * attribute sits. Under Retain Longitudinal Temporal Information with Modified Dates (PS3.15
 * E.3.6) one date left unshifted beside the shifted ones would give away the patient's offset, and
 * without the option it would be a real date beside removed ones. So they follow the table's own
 * dates, e.g. Study Date: Z in the basic profile (emptied, not removed, so a Type 1 or 2 attribute
 * stays present), K under Full Dates, C (shifted by the patient's keyed offset) under Modified Dates.
 *
 * Times (TM) get the same rule. A time of day alone rarely identifies anyone, but PS3.15 E.3.6
 * names "dates and times" together as the temporal information the two options retain, and the
 * table treats every time it lists exactly like its date (Study Time Z like Study Date, Acquisition
 * Time X/Z like Acquisition Date): beside a date, the time of an event narrows it to one patient
 * (an emergency admission at 03:12). So an unlisted time is emptied in the basic profile and kept
 * under either option (whole-day shifts keep the time of day, as for the listed times).
 */
const temporalRow = (vr: 'DA' | 'DT' | 'TM'): ProfileRow => ({
  tag: `unlisted ${vr}`,
  keyword: null,
  vr,
  name: `${vr === 'TM' ? 'time' : vr === 'DA' ? 'date' : 'datetime'} outside Table E.1-1, like Study ${vr === 'TM' ? 'Time' : 'Date'}`,
  retired: false,
  basic: 'Z',
  options: { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' },
  source: 'Mitate',
});

const TEMPORAL_ROWS: ReadonlyMap<string, ProfileRow> = new Map(
  (['DA', 'DT', 'TM'] as const).map((vr) => [vr, temporalRow(vr)]),
);

/** Mitate's row for a public DA, DT or TM attribute that neither the table nor the rows above list; undefined for other VRs. */
export function unlistedTemporalRowOf(vr: string): ProfileRow | undefined {
  return TEMPORAL_ROWS.get(vr);
}
