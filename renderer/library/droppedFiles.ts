/**
 * Reads what the doctor dropped: folders are walked with the File System entries API (Chromium
 * gives dropped folders no path), files are read as bytes.
 */
export interface DroppedBytes {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

function entriesOf(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function collect(entry: FileSystemEntry, into: File[]): Promise<void> {
  if (entry.isFile) {
    into.push(await fileOf(entry as FileSystemFileEntry));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call; an empty batch means the end.
  for (let batch = await entriesOf(reader); batch.length > 0; batch = await entriesOf(reader)) {
    for (const child of batch) await collect(child, into);
  }
}

/** All files in the drop, folders walked recursively. */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return [...transfer.files];
  const files: File[] = [];
  for (const entry of entries) await collect(entry, files);
  return files;
}

/** Groups files into batches under a byte budget, so no single message grows without bound. */
export async function* readInBatches(
  files: readonly File[],
  budgetBytes = 64 * 1024 * 1024,
): AsyncGenerator<DroppedBytes[]> {
  let batch: DroppedBytes[] = [];
  let size = 0;
  for (const file of files) {
    if (batch.length > 0 && (size + file.size > budgetBytes || batch.length >= 500)) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    size += file.size;
  }
  if (batch.length > 0) yield batch;
}
