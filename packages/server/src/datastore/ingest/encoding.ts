// The text encoding of uploaded CSV and JSON files. Government files come as UTF-8 (with or without a
// BOM), as GBK/GB18030 (what Excel on Chinese Windows writes for "CSV"), and as UTF-16 with a BOM
// (Excel's "Unicode text" export).
//
// Detection is a strict test, not a statistical guess. A BOM decides. Without one, the first 64 KB are
// decoded as UTF-8 with fatal errors: Chinese text in GBK is practically never valid UTF-8 (GBK trail
// bytes are mostly outside UTF-8's continuation range), and pure ASCII reads the same either way. If
// it is not UTF-8 it is read as GB18030, a superset of GBK and GB2312. Statistical detectors (chardet,
// ICU's detector) rank byte frequencies over many encodings and, on the short, number-heavy samples
// government tables give them, misread GBK as Big5, EUC-KR or windows-1252 often enough to matter,
// and their answer cannot be explained to the uploader; the two-way strict test can.
//
// Decoding is strict too, with ICU's decoders (TextDecoder, fatal): iconv-lite's decoder replaces bad
// bytes with U+FFFD without a word, and decodes GB18030 at ~40 MB/s against ICU's ~100 MB/s here.
// A file whose bytes are not all in the detected encoding (GBK rows pasted into a UTF-8 export) is
// refused, naming the line and byte offset, rather than loaded with some rows garbled. The reverse,
// UTF-8 rows inside a GBK file, decodes without error as GB18030 (every such byte pair is valid GBK)
// and cannot be told from genuine GBK row by row; it is not detected.
import { isUtf8 } from "node:buffer";
import { fileError } from "./errors";

export type TextEncoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

const SAMPLE_BYTES = 64 * 1024;
/**
 * Text is handed on in pieces of at most this many characters: a larger string is allocated with the
 * long-lived objects, and a stream of them keeps the old generation's collector busy.
 */
const TEXT_PIECE = 64 * 1024;
const NEWLINE = 0x0a;

export interface DecodedText {
  encoding: TextEncoding;
  /**
   * The text is UTF-8 handed on as its bytes, one character per byte (latin1): checked, not decoded.
   * ASCII reads the same either way; `utf8Of` decodes a part that is needed as text.
   */
  asBytes: boolean;
  text: AsyncGenerator<string>;
}

export interface DecodeOptions {
  /** Hand UTF-8 on as its bytes (see DecodedText.asBytes), for a reader that mostly copies it through. */
  utf8AsBytes?: boolean;
}

/** The text of UTF-8 read one character per byte. */
export const utf8Of = (bytes: string) => Buffer.from(bytes, "latin1").toString("utf8");

/** Text as UTF-8 read one character per byte (what `utf8Of` undoes). */
export const bytesOf = (text: string) => Buffer.from(text, "utf8").toString("latin1");

export async function decodeText(bytes: AsyncIterable<Buffer>, options: DecodeOptions = {}): Promise<DecodedText> {
  const rest = bytes[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < SAMPLE_BYTES) {
    const next = await rest.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    size += next.value.byteLength;
  }
  const sample = Buffer.concat(head);
  if (sample.byteLength === 0) throw fileError("file_empty", "文件为空", "The file is empty");
  const { encoding, bomBytes } = detect(sample);
  const asBytes = encoding === "utf-8" && !!options.utf8AsBytes;
  return { encoding, asBytes, text: (asBytes ? checkUtf8 : decode)(encoding, sample, bomBytes, ended ? null : rest) };
}

function detect(sample: Buffer): { encoding: TextEncoding; bomBytes: number } {
  const starts = (...bytes: number[]) => bytes.every((b, i) => sample[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) {
    throw fileError("file_encoding", "不支持 UTF-32 编码，请另存为 UTF-8", "UTF-32 is not supported: save the file as UTF-8", { encoding: "utf-32" });
  }
  if (starts(0xef, 0xbb, 0xbf)) return { encoding: "utf-8", bomBytes: 3 };
  if (starts(0xff, 0xfe)) return { encoding: "utf-16le", bomBytes: 2 };
  if (starts(0xfe, 0xff)) return { encoding: "utf-16be", bomBytes: 2 };
  // Text in UTF-8 or GB18030 never holds a zero byte; binary files (an .xls renamed .csv) and UTF-16 without a BOM do.
  if (sample.includes(0)) {
    throw fileError("file_encoding", "文件含有二进制内容，不是文本文件（或是无 BOM 的 UTF-16）：请另存为 UTF-8 CSV", "The file holds binary content, not text (or UTF-16 without a BOM): save it as UTF-8 CSV");
  }
  if (decodes(sample, "utf-8")) return { encoding: "utf-8", bomBytes: 0 };
  if (mostlyUtf8(sample)) throw invalidSequence("utf-8", sample, { offset: 0, line: 1 });
  return { encoding: "gb18030", bomBytes: 0 };
}

/**
 * Whether most lines with non-ASCII bytes are UTF-8, though the sample as a whole is not: UTF-8 with
 * some GBK in it. A GBK line with a few Chinese characters is valid UTF-8 by chance (~15% per
 * character), so one such line proves nothing; most of them cannot be, short of a handful of lines.
 */
function mostlyUtf8(sample: Buffer): boolean {
  let nonAscii = 0;
  let utf8 = 0;
  for (let start = 0, end = sample.indexOf(NEWLINE); end >= 0; start = end + 1, end = sample.indexOf(NEWLINE, start)) {
    const line = sample.subarray(start, end);
    if (!line.some((b) => b >= 0x80)) continue;
    nonAscii++;
    if (isUtf8(line)) utf8++;
  }
  return utf8 >= 2 && utf8 * 2 > nonAscii;
}

async function* decode(encoding: TextEncoding, first: Buffer, bomBytes: number, rest: AsyncIterator<Buffer> | null): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  const at = { offset: 0, line: 1 };
  const feed = (chunk: Buffer, final: boolean): string => {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: !final });
    } catch {
      throw invalidSequence(encoding, chunk, at, final);
    }
    at.offset += chunk.byteLength;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) at.line++;
    return text;
  };
  try {
    at.offset = bomBytes;
    const text = feed(first.subarray(bomBytes), rest === null);
    if (text) yield text;
    if (!rest) return;
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      const more = feed(next.value, false);
      if (more) yield more;
    }
    const tail = feed(Buffer.alloc(0), true);
    if (tail) yield tail;
  } finally {
    await rest?.return?.();
  }
}

/**
 * UTF-8 handed on as its bytes read as latin1, once checked: a copy, where decoding is a pass per
 * character (and the COPY text would be encoded again). Each chunk is checked before it is handed on,
 * but for a character its end may cut off, which is checked with the next chunk: the reader cannot
 * see a line end (LF, or a Mac file's lone CR) before the bytes ahead of it are checked.
 */
async function* checkUtf8(encoding: TextEncoding, first: Buffer, bomBytes: number, rest: AsyncIterator<Buffer> | null): AsyncGenerator<string> {
  const at = { offset: bomBytes, line: 1 };
  /** The last character so far, when the chunk's end may have cut it off: not checked yet. */
  let open: Buffer = Buffer.alloc(0);
  const check = (bytes: Buffer) => {
    // Checked up to a whole character or the end of the file: a character cut off at the end is bad.
    if (!isUtf8(bytes)) throw invalidSequence(encoding, bytes, at, true);
    at.offset += bytes.byteLength;
    for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) at.line++;
  };
  /** Checks a chunk (but its last character if it may be cut), then hands it on in pieces the young generation holds. */
  const feed = function* (chunk: Buffer): Generator<string> {
    const bytes = open.byteLength ? Buffer.concat([open, chunk]) : chunk;
    const whole = wholeCharacters(bytes);
    check(bytes.subarray(0, whole));
    open = bytes.subarray(whole);
    for (let at = 0; at < chunk.byteLength; at += TEXT_PIECE) yield chunk.toString("latin1", at, Math.min(at + TEXT_PIECE, chunk.byteLength));
  };
  try {
    yield* feed(first.subarray(bomBytes));
    if (rest) for (let next = await rest.next(); !next.done; next = await rest.next()) yield* feed(next.value);
    check(open);
  } finally {
    await rest?.return?.();
  }
}

/** How many bytes of UTF-8 `bytes` certainly end a character: all but a last one that starts in the last 3 bytes. */
function wholeCharacters(bytes: Buffer): number {
  for (let i = bytes.byteLength - 1; i >= 0 && i >= bytes.byteLength - 3; i--) {
    if (bytes[i] < 0x80) break;
    if (bytes[i] >= 0xc0) return i;
  }
  return bytes.byteLength;
}

/** Where the character cut off at the end of UTF-8 `bytes` starts (0 when it started in an earlier chunk). */
function cutCharacter(bytes: Buffer): number {
  let i = bytes.byteLength - 1;
  while (i > 0 && bytes[i] >= 0x80 && bytes[i] < 0xc0) i--;
  return Math.max(i, 0);
}

function decodes(bytes: Uint8Array, encoding: TextEncoding): boolean {
  try {
    new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const LABELS: Record<TextEncoding, string> = { "utf-8": "UTF-8", gb18030: "GBK/GB18030", "utf-16le": "UTF-16", "utf-16be": "UTF-16" };

/**
 * Names the line and byte offset of the first bad byte in `chunk`, which the decoder refused; `final`
 * when nothing follows the chunk, so a character cut off at its end is bad too.
 */
function invalidSequence(encoding: TextEncoding, chunk: Buffer, at: { offset: number; line: number }, final = false) {
  const index = firstInvalidByte(chunk, encoding, final);
  const lineBytes = encoding === "utf-8" || encoding === "gb18030";
  let line = at.line;
  if (lineBytes) for (let i = chunk.indexOf(NEWLINE); i >= 0 && i < index; i = chunk.indexOf(NEWLINE, i + 1)) line++;
  const offset = at.offset + index;
  const label = LABELS[encoding];
  return fileError(
    "file_encoding",
    `第 ${line} 行附近（字节偏移 ${offset}）不是有效的 ${label} 编码：是否在一个文件中混用了不同编码？请整体另存为 UTF-8 后重新上传`,
    `Near line ${line} (byte offset ${offset}) the file is not valid ${label}: are two encodings mixed in one file? Save all of it as UTF-8 and upload again`,
    { encoding, line, offset },
  );
}

/**
 * Binary search for the first byte a fresh decoder refuses. It starts after the chunk's first newline:
 * a newline byte is never inside a multibyte sequence in UTF-8 or GB18030, so decoding can restart
 * there. A bad byte before that newline is reported at the chunk's start.
 */
function firstInvalidByte(chunk: Buffer, encoding: TextEncoding, final: boolean): number {
  const start = encoding === "utf-8" || encoding === "gb18030" ? chunk.indexOf(NEWLINE) + 1 : 0;
  if (decodes(chunk.subarray(start), encoding)) return final ? cutCharacter(chunk) : 0;
  let good = start;
  let bad = chunk.byteLength;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (decodes(chunk.subarray(start, mid), encoding)) good = mid;
    else bad = mid;
  }
  // The decoder fails on the byte that breaks a sequence; in UTF-8 the sequence's lead byte is findable, and is what to report.
  if (encoding === "utf-8") {
    for (let back = good - 1; back >= Math.max(start, good - 3) && chunk[back] >= 0x80; back--) if (chunk[back] >= 0xc0) return back;
  }
  return good;
}
