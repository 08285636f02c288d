/**
 * Metadata segments of one JPEG or JPEG-LS frame (ITU-T T.81 B.1, ITU-T T.87 C.1, one marker
 * syntax for both), taken out without re-encoding: every other byte of the frame is copied as it
 * is, so the decoded pixels do not change.
 *
 * What stays is what a decoder needs to turn the stream into the same samples:
 * - APP0 "JFIF": tells libjpeg that three components are YCbCr. Its optional thumbnail (a small
 *   copy of the image, with any text burned into it) is cut: decoders never read it.
 * - APP14 "Adobe": its transform flag says whether three components are RGB or YCbCr, so without
 *   it a decoder may convert colours that were never transformed. Only its fixed 12 bytes stay.
 * Everything else an application may write goes: APP1 (EXIF, with camera owner, dates, GPS and
 * maker notes; XMP), APP2 (ICC profile, FlashPix), APP8 (SPIFF, whose directory can hold
 * text), APP13 (IPTC), every other APPn and COM (free text). The ICC profile is not needed by
 * any decoder (it changes no decoded sample), and DICOM carries colour management in its own
 * ICC Profile attribute (0028,2000), so an embedded one adds nothing but its free-text tags.
 * Bytes after EOI are not part of the image either (a whole file can be appended there): they go.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const SOF55 = 0xf7; // JPEG-LS start of frame
const COM = 0xfe;
const APP0 = 0xe0;
const APP14 = 0xee;

export interface StrippedFrame {
  bytes: Uint8Array;
  /** What was taken out, by marker name ("APP1", "COM", "APP0 thumbnail", "after EOI"), never its content. */
  removed: string[];
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  for (let index = 0; index < text.length; index++)
    if (bytes[at + index] !== text.charCodeAt(index)) return false;
  return true;
}

function isStandalone(marker: number): boolean {
  // TEM and RST0-7 have no length (T.81 Table B.1); SOI and EOI are handled apart.
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/** Whether a frame is a JPEG or JPEG-LS stream (it starts with SOI). */
export function isJpegStream(frame: Uint8Array): boolean {
  return frame[0] === 0xff && frame[1] === SOI;
}

/**
 * Where entropy-coded data ends: at the first marker that is not a stuffed byte or a restart.
 * JPEG stuffs 0xFF with 0x00; JPEG-LS stuffs a 0 bit, so 0xFF is followed by a byte below 0x80
 * (T.87 A.1), and any byte from 0x80 starts a marker.
 */
function endOfScan(frame: Uint8Array, from: number, jpegLs: boolean): number {
  let at = from;
  while (at + 1 < frame.length) {
    // The native search skips the coded bytes (most of a frame) at memory speed.
    at = frame.indexOf(0xff, at);
    if (at < 0 || at + 1 >= frame.length) return frame.length;
    const next = frame[at + 1]!;
    if (jpegLs ? next < 0x80 : next === 0x00) at += 2;
    else if (next === 0xff) at++;
    else if (next >= 0xd0 && next <= 0xd7) at += 2;
    else return at;
  }
  return frame.length;
}

/**
 * The frame without its metadata segments; undefined when it is not a JPEG stream. `removed` is
 * empty when nothing had to go (the caller then keeps the original bytes, fragments and all).
 */
export function stripJpegFrame(frame: Uint8Array): StrippedFrame | undefined {
  if (!isJpegStream(frame)) return undefined;
  const kept: Uint8Array[] = [frame.subarray(0, 2)];
  const removed: string[] = [];
  let jpegLs = false;
  let at = 2;
  let end = frame.length;
  while (at < frame.length) {
    if (frame[at] !== 0xff || at + 1 >= frame.length) {
      // Not a marker where one must be: the stream is not one we can follow; keep the rest as it is.
      kept.push(frame.subarray(at));
      break;
    }
    let markerAt = at;
    // Fill bytes (0xFF) may precede any marker (T.81 B.1.1.2).
    while (markerAt + 1 < frame.length && frame[markerAt + 1] === 0xff) markerAt++;
    const marker = frame[markerAt + 1];
    if (marker === undefined) {
      kept.push(frame.subarray(at));
      break;
    }
    if (marker === EOI) {
      kept.push(frame.subarray(at, markerAt + 2));
      end = markerAt + 2;
      break;
    }
    if (isStandalone(marker)) {
      kept.push(frame.subarray(at, markerAt + 2));
      at = endOfScan(frame, markerAt + 2, jpegLs);
      kept.push(frame.subarray(markerAt + 2, at));
      continue;
    }
    if (markerAt + 4 > frame.length) {
      kept.push(frame.subarray(at));
      break;
    }
    const length = (frame[markerAt + 2]! << 8) | frame[markerAt + 3]!;
    const segmentEnd = markerAt + 2 + length;
    if (length < 2 || segmentEnd > frame.length) {
      kept.push(frame.subarray(at));
      break;
    }
    const payload = markerAt + 4;
    if (marker === SOF55) jpegLs = true;
    if (marker === COM || (marker > APP0 && marker <= 0xef && marker !== APP14)) {
      removed.push(marker === COM ? 'COM' : `APP${marker - APP0}`);
    } else if (marker === APP0 && !startsWith(frame, payload, 'JFIF\0')) {
      removed.push('APP0');
    } else if (marker === APP0 && length > 16) {
      // JFIF: identifier, version, units, densities (14 bytes), then the thumbnail's size and RGB
      // samples (JFIF 1.02): the header stays with a 0x0 thumbnail.
      const header = Uint8Array.from(frame.subarray(at, payload + 14));
      header[markerAt - at + 2] = 0;
      header[markerAt - at + 3] = 16;
      header[header.length - 2] = 0;
      header[header.length - 1] = 0;
      kept.push(header);
      removed.push('APP0 thumbnail');
    } else if (marker === APP14 && startsWith(frame, payload, 'Adobe') && length > 14) {
      // The Adobe segment is "Adobe", version, two flag words and the transform (12 bytes).
      const header = Uint8Array.from(frame.subarray(at, payload + 12));
      header[markerAt - at + 2] = 0;
      header[markerAt - at + 3] = 14;
      kept.push(header);
      removed.push('APP14 extra');
    } else if (marker === APP14 && !startsWith(frame, payload, 'Adobe')) {
      removed.push('APP14');
    } else {
      kept.push(frame.subarray(at, segmentEnd));
    }
    at = segmentEnd;
    if (marker === SOS) {
      const scanEnd = endOfScan(frame, at, jpegLs);
      kept.push(frame.subarray(at, scanEnd));
      at = scanEnd;
    }
  }
  // Padding after EOI (a NUL to make the fragment even) is not metadata; anything else is.
  if (frame.subarray(end).some((byte) => byte !== 0)) removed.push('after EOI');
  if (removed.length === 0) return { bytes: frame, removed };
  return { bytes: Buffer.concat(kept), removed };
}
