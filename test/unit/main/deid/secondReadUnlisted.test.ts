// Second read: identifiers in attributes Table E.1-1 does not list (public, retired, command,
// directory and overlay groups) that once survived, scanned for in the output bytes and path.
import { describe, expect, it } from 'vitest';
import {
  craft,
  deid,
  item,
  sequence,
  STUDY_UID,
  SERIES_UID,
  survivors,
  useScratchFolder,
  value,
} from './secondReadCraft.js';

useScratchFolder();

describe('second read: identifiers that once survived', () => {
  it("Patient's Birth and Death Date in Alternative Calendar (0010,0033)/(0010,0034), absent from Table E.1-1, are removed", async () => {
    const result = await deid(
      craft([
        value(0x00100033, 'LO', 'H02.01.08'),
        value(0x00100034, 'LO', 'R05.11.30'),
        value(0x00100035, 'CS', 'I'),
      ]),
    );
    expect(survivors(result, ['H02.01.08', 'R05.11.30'])).toEqual([]);
  });

  it('a person name in an attribute the table does not list (retired Document Author Trial, PN) does not survive', async () => {
    const result = await deid(craft([value(0x0040a067, 'PN', 'TANAKA^ICHIRO')]));
    expect(survivors(result, ['TANAKA', 'ICHIRO'])).toEqual([]);
  });

  it('Issuer of Patient ID Qualifiers and Storage Media File-set ID (unlisted) do not carry the issuer or a CD label out', async () => {
    const qualifiers = sequence(0x00100024, [
      item([
        value(0x00400032, 'UT', '2.16.392.1.99.4471.1'),
        value(0x00400033, 'CS', 'ISO'),
        value(0x00400035, 'CS', 'MR'),
      ]),
    ]);
    const result = await deid(craft([qualifiers, value(0x00880130, 'SH', 'SUZUKI_H')]));
    expect(survivors(result, ['2.16.392.1.99.4471.1', 'SUZUKI_H'])).toEqual([]);
  });

  it('command and file-meta elements stored inside the data set (Move Originator AE, Source AE Title) do not survive', async () => {
    const result = await deid(
      craft([value(0x00001030, 'AE', 'KYOTO_RAD_PACS'), value(0x00020016, 'AE', 'KYOTO_CT_03')]),
    );
    expect(survivors(result, ['KYOTO_RAD_PACS', 'KYOTO_CT_03'])).toEqual([]);
  });

  it('Issuer of Accession Number Sequence (unlisted) does not carry the hospital name and OID out', async () => {
    const issuer = sequence(0x00080051, [
      item([
        value(0x00400031, 'UT', 'KYOTO_UNIV_HOSP'),
        value(0x00400032, 'UT', '2.16.392.1.99.4471.2'),
        value(0x00400033, 'CS', 'ISO'),
      ]),
    ]);
    const result = await deid(craft([value(0x00080050, 'SH', 'ACC2024-1187'), issuer]));
    expect(survivors(result, ['KYOTO_UNIV_HOSP', '2.16.392.1.99.4471.2', 'ACC2024-1187'])).toEqual(
      [],
    );
  });

  it('free-text Content Description (unlisted) of a presentation state or segmentation does not survive', async () => {
    const result = await deid(
      craft([
        value(0x00700080, 'CS', 'ANNOTATION'),
        value(0x00700081, 'LO', 'Lesion marked for SUZUKI by Dr Okonogi'),
      ]),
    );
    expect(survivors(result, ['Okonogi', 'SUZUKI'])).toEqual([]);
  });

  it('Directory Record elements inside an instance (group 0004) do not survive', async () => {
    const result = await deid(
      craft([value(0x00041130, 'CS', 'SUZUKIHANAKO'), value(0x00041500, 'CS', 'SUZUKI_H\\IM0001')]),
    );
    expect(survivors(result, ['SUZUKI', 'IM0001'])).toEqual([]);
  });

  it('Retrieve URL / Retrieve URI left by a DICOMweb or WADO archive (host name, original UIDs) do not survive, at any depth', async () => {
    const url = `https://pacs.kyoto-rad.example.jp/dicomweb/studies/${STUDY_UID}`;
    const referenced = sequence(0x00081115, [
      item([
        value(0x00081190, 'UR', `${url}/series/${SERIES_UID}`),
        value(0x0020000e, 'UI', SERIES_UID),
      ]),
    ]);
    const result = await deid(
      craft([
        value(0x00081190, 'UR', url),
        referenced,
        value(0x0040e010, 'UR', `https://pacs.kyoto-rad.example.jp/wado?studyUID=${STUDY_UID}`),
      ]),
    );
    expect(survivors(result, ['kyoto-rad', STUDY_UID, SERIES_UID])).toEqual([]);
  });

  it("a contact's name in a procedure step (Contact Display Name, unlisted; its Contact URI is removed) does not survive", async () => {
    const contact = sequence(0x00741008, [
      item([
        value(0x0074100a, 'UR', 'tel:+81-3-5555-0199'),
        value(0x0074100c, 'LO', 'Okonogi Shintaro'),
      ]),
    ]);
    const result = await deid(craft([contact]));
    expect(survivors(result, ['Okonogi', 'Shintaro', '5555-0199'])).toEqual([]);
  });

  it("an animal patient's Breed Registration Number (unlisted, a registry's ID of that animal) does not survive", async () => {
    const registry = sequence(0x00102296, [
      item([
        value(0x00080100, 'SH', '109200'),
        value(0x00080102, 'SH', 'DCM'),
        value(0x00080104, 'LO', 'America Kennel Club'),
      ]),
    ]);
    const registration = sequence(0x00102294, [
      item([value(0x00102295, 'LO', 'JKC-2024-448812'), registry]),
    ]);
    const result = await deid(craft([registration]));
    expect(survivors(result, ['JKC-2024-448812'])).toEqual([]);
  });

  it('free-text comments the table does not list (SOP Authorization Comment, RT dose, transformation, treatment and setup comments, substance notes) do not survive', async () => {
    const comments = [
      value(0x01000424, 'LT', 'Approved by Dr Okonogi'),
      value(0x30040006, 'LO', 'Plan for Mrs Hanazawa'),
      value(0x300600c8, 'LO', 'Registered by Kobayashi'),
      value(0x30080202, 'ST', 'Stopped: Mr Ishiguro felt sick'),
      value(0x300a0402, 'ST', 'Set up by Watanabe'),
      value(0x00440011, 'LO', 'Allergy reported by Hanazawa'),
    ];
    const result = await deid(craft(comments));
    expect(survivors(result, ['Okonogi', 'Hanazawa', 'Kobayashi', 'Ishiguro', 'Watanabe'])).toEqual(
      [],
    );
    // Under Clean Descriptors they are cleaned like the table's own comments: the patient's values go, the rest may stay.
    const cleaned = await deid(
      craft([value(0x30040006, 'LO', 'Plan for SUZUKI HANAKO MRN4471902')]),
      ['cleanDescriptors'],
    );
    expect(survivors(cleaned, ['SUZUKI', 'HANAKO', 'MRN4471902'])).toEqual([]);
  });

  it('people named or numbered in attributes the table does not list (Hanging Protocol Creator, Owner ID, Component Welder IDs) do not survive', async () => {
    const result = await deid(
      craft([
        value(0x00140100, 'LO', 'WELDER-OKONOGI-17'),
        value(0x00720008, 'LO', 'Dr Hanazawa'),
        value(0x21000160, 'SH', 'kobayashi.t'),
      ]),
    );
    expect(survivors(result, ['OKONOGI', 'Hanazawa', 'kobayashi'])).toEqual([]);
  });

  it('device identity the table does not list (Device ID in a Device Sequence, NTP Source Address) goes, and stays under Retain Device Identity', async () => {
    const planted = [
      sequence(0x00500010, [item([value(0x00181003, 'LO', 'INJ-KYOTO-0042')])]),
      value(0x00181803, 'LO', '10.23.4.250'),
    ];
    expect(survivors(await deid(craft(planted)), ['INJ-KYOTO-0042', '10.23.4.250'])).toEqual([]);
    expect(
      survivors(await deid(craft(planted), ['retainDeviceIdentity']), [
        'INJ-KYOTO-0042',
        '10.23.4.250',
      ]),
    ).toEqual(['INJ-KYOTO-0042', '10.23.4.250']);
  });

  it('retired attributes the table does not list (old order numbers, trial-era free text and URL, ACR-NEMA Reference) do not survive', async () => {
    const planted = [
      value(0x00201020, 'LO', 'see chart of Hanazawa'),
      value(0x00400553, 'ST', 'biopsy, Dr Okonogi'),
      value(0x00401006, 'SH', 'PLC-88120'),
      value(0x00401007, 'SH', 'FLR-88121'),
      value(0x00401060, 'LO', 'MRA for Kobayashi'),
      value(0x00402006, 'SH', 'PLC-88122'),
      value(0x00402007, 'SH', 'FLR-88123'),
      value(0x0040a33a, 'ST', 'verified by Ishiguro'),
      value(0x0040a992, 'ST', 'http://pacs.kyoto-hosp.example/wado?study=88124'),
    ];
    const result = await deid(craft(planted));
    expect(
      survivors(result, [
        'Hanazawa',
        'Okonogi',
        'PLC-88120',
        'FLR-88121',
        'Kobayashi',
        'PLC-88122',
        'FLR-88123',
        'Ishiguro',
        'kyoto-hosp',
      ]),
    ).toEqual([]);
  });

  it('an overlay in a group outside 6000-601E (Overlay Description, Overlay Label) does not survive', async () => {
    const result = await deid(
      craft([
        value(0x60200010, 'US', new Uint8Array([8, 0])),
        value(0x60200022, 'LO', 'Marked by Dr Okonogi'),
        value(0x60201500, 'LO', 'SUZUKI'),
      ]),
    );
    expect(survivors(result, ['Okonogi', 'SUZUKI'])).toEqual([]);
  });
});
