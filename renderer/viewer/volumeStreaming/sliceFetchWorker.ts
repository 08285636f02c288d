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
import { modalityPixels, NATIVE_LITTLE_ENDIAN } from './modalityPixels.js';
import type { SliceArrived, SliceFetchStart, SliceFetchReply } from './sliceFetchMessages.js';

/** Enough downloads in flight to keep the connection busy while one slice is scaled. */
const FETCHES_AT_ONCE = 6;

interface WorkerScope {
  postMessage(message: SliceFetchReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<SliceFetchStart>) => void): void;
}
const scope = self as unknown as WorkerScope;

async function readSlice(slice: SliceFetchStart['slices'][number]): Promise<SliceFetchReply> {
  const response = await fetch(slice.url);
  if (!response.ok)
    return { kind: 'failed', index: slice.index, reason: `HTTP ${response.status}` };
  return sliceFrom(slice, new Uint8Array(await response.arrayBuffer()));
}

function sliceFrom(slice: SliceFetchStart['slices'][number], bytes: Uint8Array): SliceFetchReply {
  const dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const pixelData = dataSet.elements['x7fe00010'];
  const frames = dataSet.intString('x00280008') ?? 1;
  const { layout } = slice;
  if (!NATIVE_LITTLE_ENDIAN.has(dataSet.string('x00020010') ?? ''))
    return { kind: 'unsupported', index: slice.index, reason: 'transfer syntax' };
  if (pixelData === undefined || pixelData.encapsulatedPixelData === true || frames !== 1)
    return { kind: 'unsupported', index: slice.index, reason: 'pixel data' };
  if (
    dataSet.uint16('x00280010') !== layout.rows ||
    dataSet.uint16('x00280011') !== layout.columns ||
    dataSet.uint16('x00280100') !== 16
  ) {
    return { kind: 'unsupported', index: slice.index, reason: 'layout' };
  }
  const result = modalityPixels(
    bytes.subarray(pixelData.dataOffset, pixelData.dataOffset + pixelData.length),
    layout,
  );
  if ('unsupported' in result)
    return { kind: 'unsupported', index: slice.index, reason: result.unsupported };
  const arrived: SliceArrived = {
    kind: 'slice',
    index: slice.index,
    values: result.values,
    min: result.min,
    max: result.max,
  };
  return arrived;
}

scope.addEventListener('message', (event) => {
  const { slices } = event.data;
  let next = 0;
  const fetchNext = (): void => {
    const slice = slices[next++];
    if (slice === undefined) return;
    readSlice(slice)
      .catch(
        (error: unknown): SliceFetchReply => ({
          kind: 'failed',
          index: slice.index,
          reason: error instanceof Error ? error.name : 'error',
        }),
      )
      .then((reply) => {
        scope.postMessage(reply, reply.kind === 'slice' ? [reply.values.buffer] : []);
        fetchNext();
      });
  };
  for (let i = 0; i < FETCHES_AT_ONCE; i++) fetchNext();
});
