/**
 * Structure-aware multipart/related bodies and zip archives for fuzzing their readers: built
 * from their framing (delimiters and part headers; local headers, central directory and end
 * record) with the faults a hostile server or archive carries: delimiters inside bodies, a
 * missing close, endless headers, thousands of parts; sizes that lie, names that climb out,
 * entries by the thousand, a truncated directory. Seeded; erasable TypeScript only.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type { Random } from './dicomGrammar.js';

const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A multipart/related body and the Content-Type it is sent with. */
export function multipartCase(random: Random): { body: Uint8Array; contentType: string } {
  const boundary = pick(random, ['b', 'mitate-0123456789', 'x'.repeat(70), 'a b', '--', '']);
  const quoted = random() < 0.5;
  const contentType = pick(random, [
    `multipart/related; type="application/dicom"; boundary=${quoted ? `"${boundary}"` : boundary}`,
    `multipart/related; boundary=${boundary}`,
    'multipart/related',
    `multipart/related; boundary="${boundary}`,
    'application/dicom',
  ]);
  const chunks: Buffer[] = [];
  if (random() < 0.3) chunks.push(ascii('preamble\r\n'));
  const parts = random() < 0.05 ? 3000 : Math.floor(random() * 5);
  for (let i = 0; i < parts; i++) {
    chunks.push(
      ascii(
        `${i === 0 && random() < 0.7 ? '' : '\r\n'}--${boundary}${random() < 0.1 ? '  ' : ''}\r\n`,
      ),
    );
    const headerKind = random();
    if (headerKind < 0.7) chunks.push(ascii('Content-Type: application/dicom\r\n\r\n'));
    else if (headerKind < 0.8) chunks.push(ascii('\r\n'));
    else if (headerKind < 0.9) chunks.push(ascii(`X-Long: ${'h'.repeat(20_000)}\r\n\r\n`));
    else chunks.push(ascii('no colon here\r\n\r\n'));
    const size = Math.floor(random() * 200);
    const body = Buffer.alloc(size, Math.floor(random() * 256));
    if (random() < 0.2) chunks.push(ascii(`--${boundary}`));
    chunks.push(body);
  }
  const close = random();
  if (close < 0.8) chunks.push(ascii(`\r\n--${boundary}--\r\n`));
  else if (close < 0.9) chunks.push(ascii(`\r\n--${boundary}`));
  let body: Uint8Array = Buffer.concat(chunks);
  if (random() < 0.15) body = body.subarray(0, Math.floor(random() * body.length));
  return { body, contentType };
}

interface ZipEntry {
  name: string;
  data: Buffer;
  method: number;
  declaredSize: number;
  external: number;
}

/** A zip archive, written by hand so its headers can lie. */
export function zipCase(random: Random): Uint8Array {
  const count = random() < 0.02 ? 2000 : 1 + Math.floor(random() * 5);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const plain = Buffer.alloc(Math.floor(random() * (random() < 0.03 ? 4 << 20 : 2000)), i & 0xff);
    const method = pick(random, [0, 8, 8, 99]);
    const data = method === 8 ? deflateRawSync(plain) : plain;
    const name = pick(random, [
      `IMG${i}`,
      `dir/IMG${i}.dcm`,
      '../escape',
      '/abs',
      'a/../../b',
      'x'.repeat(300),
      `dir/`,
      'C:\\win',
      '',
    ]);
    const lie = random();
    const declaredSize =
      lie < 0.8 ? plain.length : lie < 0.9 ? 0xffffffff : Math.floor(plain.length / 3);
    const external = random() < 0.05 ? (0o120777 << 16) >>> 0 : 0;
    entries.push({ name, data, method, declaredSize, external });
  }
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = ascii(entry.name);
    const crc = crc32(entry.method === 8 ? Buffer.alloc(0) : entry.data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(entry.method, 8);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(entry.data.length, 18);
    header.writeUInt32LE(entry.declaredSize, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, entry.data);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(0x0314, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(entry.method, 10);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(random() < 0.95 ? entry.data.length : 0xfffffff0, 20);
    record.writeUInt32LE(entry.declaredSize, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(entry.external, 38);
    record.writeUInt32LE(random() < 0.97 ? offset : offset + 7, 42);
    central.push(record, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length & 0xffff, 8);
  end.writeUInt16LE(random() < 0.95 ? entries.length & 0xffff : 0xffff, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(random() < 0.95 ? 0 : 500, 20);
  let zip: Uint8Array = Buffer.concat([...local, directory, end]);
  if (random() < 0.1) zip = zip.subarray(0, Math.floor(random() * zip.length));
  return zip;
}
