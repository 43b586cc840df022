/**
 * PDFs from a drop: files, and folders walked recursively (File System Entries API). A
 * browser without webkitGetAsEntry (or a drop whose items give no entries) still hands
 * over the dropped files themselves in `dataTransfer.files`: those are used instead.
 */
export async function filesFromDrop(data: Pick<DataTransfer, 'items' | 'files'>): Promise<File[]> {
  const entries = Array.from(data.items ?? [])
    .map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return Array.from(data.files ?? []);
  const files: File[] = [];
  for (const entry of entries) await walk(entry, files);
  return files;
}

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) {
    if (/\.pdf$/i.test(entry.name)) {
      out.push(await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej)));
    }
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call: keep reading until empty.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (!batch.length) break;
      for (const child of batch) await walk(child, out);
    }
  }
}
