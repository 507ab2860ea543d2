import { access, type FileHandle, open } from "node:fs/promises";
import { join } from "node:path";
import { SnapshotError } from "../../snapshot/read.js";

/**
 * A .jsonl file indexed by line: one scan records each non-blank line's byte offset and length in typed
 * arrays (12 bytes a line), and pages are served by reading just those byte ranges back from the file.
 * Nothing parsed is kept, so a snapshot with millions of messages costs tens of megabytes, not gigabytes.
 * Lines added at run time (test hooks, injected changes) live in memory after the file's lines.
 */
export class LineFile {
  private offsets: Float64Array;
  private lengths: Uint32Array;
  private fileLines = 0;
  private readonly extra: string[] = [];

  private constructor(
    private readonly handle: FileHandle,
    capacity: number,
  ) {
    this.offsets = new Float64Array(capacity);
    this.lengths = new Uint32Array(capacity);
  }

  /** Lines in the file plus lines appended since. */
  get size(): number {
    return this.fileLines + this.extra.length;
  }

  /**
   * Scans `dir/file`, calling `onLine(text, index, lineNumber)` for each non-blank line (index counts
   * non-blank lines from 0, lineNumber counts all lines from 1 for error messages).
   */
  static async scan(
    dir: string,
    file: string,
    onLine: (text: string, index: number, lineNumber: number) => void,
    bufferSize = 8 << 20,
  ): Promise<LineFile> {
    const path = join(dir, file);
    try {
      await access(path);
    } catch {
      throw new SnapshotError(file, undefined, undefined, "file is missing");
    }
    const handle = await open(path, "r");
    const { size } = await handle.stat();
    const lines = new LineFile(handle, Math.max(1024, Math.ceil(size / 300)));
    let buffer = Buffer.allocUnsafe(bufferSize);
    /** Bytes at the start of `buffer` left over from the previous read (a line not yet ended). */
    let carry = 0;
    let position = 0;
    let lineNumber = 0;
    const take = (data: Buffer, dataStart: number, from: number, to: number) => {
      lineNumber++;
      let start = from;
      let end = to;
      if (end > start && data[end - 1] === 13) end--;
      if (dataStart + start === 0 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) start += 3;
      const text = data.toString("utf8", start, end);
      if (text.trim() === "") return;
      const index = lines.push(dataStart + start, end - start);
      onLine(text, index, lineNumber);
    };
    try {
      for (;;) {
        if (carry * 2 > buffer.length) {
          // A line longer than half the buffer: grow it.
          const grown = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(grown, 0, 0, carry);
          buffer = grown;
        }
        const { bytesRead } = await handle.read(buffer, carry, buffer.length - carry, position);
        if (bytesRead === 0) break;
        const end = carry + bytesRead;
        const data = buffer.subarray(0, end);
        const dataStart = position - carry;
        let from = 0;
        for (;;) {
          const nl = data.indexOf(10, from);
          if (nl < 0) break;
          take(data, dataStart, from, nl);
          from = nl + 1;
        }
        buffer.copy(buffer, 0, from, end);
        carry = end - from;
        position += bytesRead;
      }
      if (carry > 0) take(buffer.subarray(0, carry), position - carry, 0, carry);
    } catch (error) {
      await handle.close();
      throw error;
    }
    lines.offsets = lines.offsets.slice(0, lines.fileLines);
    lines.lengths = lines.lengths.slice(0, lines.fileLines);
    return lines;
  }

  private push(offset: number, length: number): number {
    if (this.fileLines === this.offsets.length) {
      const capacity = Math.ceil(this.offsets.length * 1.5) + 1024;
      const offsets = new Float64Array(capacity);
      offsets.set(this.offsets);
      const lengths = new Uint32Array(capacity);
      lengths.set(this.lengths);
      this.offsets = offsets;
      this.lengths = lengths;
    }
    this.offsets[this.fileLines] = offset;
    this.lengths[this.fileLines] = length;
    return this.fileLines++;
  }

  /** Appends an in-memory line; returns its index. */
  append(text: string): number {
    this.extra.push(text);
    return this.fileLines + this.extra.length - 1;
  }

  /**
   * Reads lines by index, in the order asked. File reads are sorted by offset and neighbouring lines are
   * coalesced into one read, so a page of a thousand scattered lines costs a handful of system calls.
   */
  async read(indices: readonly number[]): Promise<string[]> {
    const out = new Array<string>(indices.length);
    const wanted: { at: number; offset: number; length: number }[] = [];
    indices.forEach((index, at) => {
      if (index >= this.fileLines) out[at] = this.extra[index - this.fileLines]!;
      else wanted.push({ at, offset: this.offsets[index]!, length: this.lengths[index]! });
    });
    wanted.sort((a, b) => a.offset - b.offset);
    const groups: { from: number; to: number; members: typeof wanted }[] = [];
    for (const w of wanted) {
      const last = groups.at(-1);
      if (last && w.offset - last.to <= 64 * 1024 && w.offset + w.length - last.from <= 4 << 20) {
        last.members.push(w);
        last.to = Math.max(last.to, w.offset + w.length);
      } else groups.push({ from: w.offset, to: w.offset + w.length, members: [w] });
    }
    await Promise.all(
      groups.map(async (group) => {
        const buffer = Buffer.allocUnsafe(group.to - group.from);
        let done = 0;
        while (done < buffer.length) {
          const { bytesRead } = await this.handle.read(buffer, done, buffer.length - done, group.from + done);
          if (bytesRead === 0) throw new Error("snapshot file changed while the simulator was serving it");
          done += bytesRead;
        }
        for (const m of group.members) {
          const start = m.offset - group.from;
          out[m.at] = buffer.toString("utf8", start, start + m.length);
        }
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
