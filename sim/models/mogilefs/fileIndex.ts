/**
 * The tracker's file metadata as plain data (the MySQL `file` and `file_on` tables of
 * MogileFS): each fid with its key, size and the devices holding a copy, and the key index.
 */
export interface FileRecord {
  readonly fid: number;
  readonly key: string;
  readonly sizeBytes: number;
  /** Device ids holding a copy, in the order they were recorded. */
  devices: number[];
}

/** A `create_open` not yet closed (MogileFS's `tempfile` table). */
export interface OpenFile {
  readonly fid: number;
  readonly key: string;
  readonly device: number;
}

export class FileIndex {
  readonly files = new Map<number, FileRecord>();
  readonly opens = new Map<number, OpenFile>();
  private readonly byKey = new Map<string, number>();

  byKeyName(key: string): FileRecord | undefined {
    const fid = this.byKey.get(key);
    return fid === undefined ? undefined : this.files.get(fid);
  }

  /** Records a file; a key written again points at the new fid (the old one is dropped). */
  add(record: FileRecord): void {
    const previous = this.byKey.get(record.key);
    if (previous !== undefined && previous !== record.fid) this.files.delete(previous);
    this.files.set(record.fid, record);
    this.byKey.set(record.key, record.fid);
  }

  remove(record: FileRecord): void {
    this.files.delete(record.fid);
    this.byKey.delete(record.key);
  }

  /** Files with a copy on `device`, in fid order so iteration is deterministic. */
  onDevice(device: number): FileRecord[] {
    return [...this.files.values()].filter((file) => file.devices.includes(device)).sort((a, b) => a.fid - b.fid);
  }
}
