/**
 * Fetches a volume's uncompressed slices off the page's thread: the file is downloaded, its Pixel
 * Data found (dicom-parser, header only) and turned into the volume's values, and the values
 * alone are handed to the page (transferred, not copied). cornerstone's per-image path does the
 * download, the parse and the hand-over to its decoder on the page's thread, about ten
 * milliseconds a slice there; here the page only places slices it is given.
 *
 * The page sends one `start` with every slice in the order wanted; slices go out
 * `FETCHES_AT_ONCE` at a time and come back in the order they finish.
 */
import dicomParser from 'dicom-parser';
import { modalityPixels } from './modalityPixels.js';
import type { SliceArrived, SliceFetchStart, SliceFetchReply } from './sliceFetchMessages.js';

/** Enough downloads in flight to keep the connection busy while one slice is scaled. */
const FETCHES_AT_ONCE = 6;
/** Little endian, uncompressed: the only transfer syntaxes whose Pixel Data is the values. */
const NATIVE_LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

interface WorkerScope {
  postMessage(message: SliceFetchReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<SliceFetchStart>) => void): void;
}
const scope = self as unknown as WorkerScope;

/**
 * The response's bytes, read into `buffer` (grown when too small). A file read whole into a new
 * ArrayBuffer each time leaves half a megabyte a slice for this thread's collector, which
 * frees it late: 200 MB and more of a 600-slice CT's files were still held when it completed.
 * A bring-your-own-buffer reader fills one buffer per download in flight instead.
 */
async function readInto(response: Response, buffer: ArrayBuffer): Promise<Uint8Array> {
  const body = response.body;
  if (body === null) return new Uint8Array(0);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (!byobReading) return new Uint8Array(await response.arrayBuffer());
  let view = new Uint8Array(length > buffer.byteLength ? new ArrayBuffer(length) : buffer);
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    // A browser whose fetch bodies are not byte streams: whole reads, as before.
    byobReading = false;
    return new Uint8Array(await response.arrayBuffer());
  }
  let filled = 0;
  for (;;) {
    if (filled === view.byteLength) {
      const larger = new Uint8Array(Math.max(view.byteLength * 2, 1 << 16));
      larger.set(view);
      view = larger;
    }
    const { done, value } = await reader.read(new Uint8Array(view.buffer, filled, view.byteLength - filled));
    if (value !== undefined) {
      // The reader hands the buffer back as a new view of the same memory.
      view = new Uint8Array(value.buffer);
      filled += value.byteLength;
    }
    if (done) break;
  }
  return new Uint8Array(view.buffer, 0, filled);
}

let byobReading = true;

/** One reusable buffer per download in flight. */
const buffers: ArrayBuffer[] = [];

async function readSlice(slice: SliceFetchStart['slices'][number]): Promise<SliceFetchReply> {
  const response = await fetch(slice.url);
  if (!response.ok) return { kind: 'failed', index: slice.index, reason: `HTTP ${response.status}` };
  const bytes = await readInto(response, buffers.pop() ?? new ArrayBuffer(0));
  try {
    return sliceFrom(slice, bytes);
  } finally {
    buffers.push(bytes.buffer as ArrayBuffer);
  }
}

function sliceFrom(slice: SliceFetchStart['slices'][number], bytes: Uint8Array): SliceFetchReply {
  const dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const pixelData = dataSet.elements['x7fe00010'];
  const frames = dataSet.intString('x00280008') ?? 1;
  const { layout } = slice;
  if (!NATIVE_LITTLE_ENDIAN.has(dataSet.string('x00020010') ?? '')) return { kind: 'unsupported', index: slice.index, reason: 'transfer syntax' };
  if (pixelData === undefined || pixelData.encapsulatedPixelData === true || frames !== 1) return { kind: 'unsupported', index: slice.index, reason: 'pixel data' };
  if (dataSet.uint16('x00280010') !== layout.rows || dataSet.uint16('x00280011') !== layout.columns || dataSet.uint16('x00280100') !== 16) {
    return { kind: 'unsupported', index: slice.index, reason: 'layout' };
  }
  const result = modalityPixels(bytes.subarray(pixelData.dataOffset, pixelData.dataOffset + pixelData.length), layout);
  if ('unsupported' in result) return { kind: 'unsupported', index: slice.index, reason: result.unsupported };
  const arrived: SliceArrived = { kind: 'slice', index: slice.index, values: result.values, min: result.min, max: result.max };
  return arrived;
}

scope.addEventListener('message', (event) => {
  const { slices } = event.data;
  let next = 0;
  const fetchNext = (): void => {
    const slice = slices[next++];
    if (slice === undefined) return;
    readSlice(slice)
      .catch((error: unknown): SliceFetchReply => ({ kind: 'failed', index: slice.index, reason: error instanceof Error ? error.name : 'error' }))
      .then((reply) => {
        scope.postMessage(reply, reply.kind === 'slice' ? [reply.values.buffer] : []);
        fetchNext();
      });
  };
  for (let i = 0; i < FETCHES_AT_ONCE; i++) fetchNext();
});
