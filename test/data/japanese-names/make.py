#!/usr/bin/env python3
"""Makes the Japanese patient-name test files with DCMTK's dump2dcm.

The names are the examples of DICOM PS3.5 Annex H: "Yamada^Tarou=山田^太郎=やまだ^たろう" in
ISO_IR 192 and ISO 2022 IR 87, and "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" in ISO 2022 IR 13\\ISO 2022 IR 87.
DCMTK cannot encode ISO 2022 itself, so the value bytes are written here with Python's codecs and
dump2dcm copies them as they are. pydicom reads all three back to the same text.
Run from this folder: python3 make.py
"""
import subprocess

TEMPLATE = """(0008,0005) CS [{charset}]
(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
(0008,0018) UI [2.25.74119370047812946502841012833619263{n}1]
(0008,0020) DA [20260401]
(0008,0030) TM [093000]
(0008,0060) CS [OT]
(0008,0064) CS [WSD]
(0008,1030) LO [頭部 MRA ({label})]
(0008,103e) LO [{label}]
(0010,0010) PN [{name}]
(0010,0020) LO [JP-000{n}]
(0010,0030) DA [19700101]
(0020,000d) UI [2.25.74119370047812946502841012833619263{n}2]
(0020,000e) UI [2.25.74119370047812946502841012833619263{n}3]
(0020,0011) IS [1]
(0020,0013) IS [1]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 4
(0028,0011) US 4
(0028,0100) US 8
(0028,0101) US 8
(0028,0102) US 7
(0028,0103) US 0
(7fe0,0010) OB 00\\10\\20\\30\\40\\50\\60\\70\\80\\90\\a0\\b0\\c0\\d0\\e0\\f0
"""

KANJI = '山田^太郎=やまだ^たろう'


def write(n, charset, label, name_bytes, encode):
    text = TEMPLATE.format(n=n, charset=charset, label=label, name='\0NAME\0')
    head, tail = text.split('\0NAME\0')
    with open(f'{label}.dump', 'wb') as dump:
        dump.write(encode(head) + name_bytes + encode(tail))
    subprocess.run(['dump2dcm', '--write-xfer-little', '+te', f'{label}.dump', f'{label}.dcm'], check=True)
    subprocess.run(['rm', f'{label}.dump'], check=True)


utf8 = lambda s: s.encode('utf-8')
jis = lambda s: s.encode('iso2022_jp')
write(1, 'ISO_IR 192', 'utf8', utf8('Yamada^Tarou=' + KANJI), utf8)
write(2, '\\ISO 2022 IR 87', 'ir87', jis('Yamada^Tarou=' + KANJI), jis)
# IR 13 in G1: half-width katakana are single bytes 0xA1-0xDF, as in Shift_JIS.
ideographic, phonetic = KANJI.split('=')
write(3, 'ISO 2022 IR 13\\ISO 2022 IR 87', 'ir13',
      'ﾔﾏﾀﾞ^ﾀﾛｳ'.encode('shift_jis') + b'=' + jis(ideographic) + b'=' + jis(phonetic), jis)
