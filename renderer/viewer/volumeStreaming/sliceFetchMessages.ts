/**
 * Messages between the page and `sliceFetchWorker.ts`. Both ends are our own bundle; the worker
 * fetches only the library's own instance URLs the page gives it.
 */
import type { ModalityPixels, SliceLayout } from './modalityPixels.js';

export interface SliceFetchStart {
  slices: { index: number; url: string; layout: SliceLayout }[];
}

export interface SliceArrived extends ModalityPixels {
  kind: 'slice';
  index: number;
}

/** `unsupported`: the file is not one this path reads (cornerstone decodes it); `failed`: it could not be fetched. */
export type SliceFetchReply =
  | SliceArrived
  | { kind: 'unsupported' | 'failed'; index: number; reason: string };
