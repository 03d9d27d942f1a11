// What a file is, decided from its first bytes (file-type's magic numbers), never from the client's
// Content-Type or the name alone: a renamed .exe is an executable whatever it is called. Text formats
// have no magic number, so CSV and JSON are recognised as "text, named .csv/.json, shaped like it".
// Zip-based formats are told apart by their entries (file-type reads the local headers, OFD by its
// OFD.xml); archives are stored as they are and never expanded, so a zip bomb costs its own size.
import { fileTypeFromBuffer } from "file-type";
import type { Bilingual } from "../http/errors";
import { extensionOf } from "./file-name";

/** Enough for file-type's OOXML detection (it reads zip entries until [Content_Types].xml). */
export const SNIFF_BYTES = 64 * 1024;

export interface AllowedType {
  kind: string;
  mediaType: string;
  /** Accepted extensions, the first being the one appended when a name has none. */
  extensions: readonly string[];
}

export const ALLOWED_TYPES: readonly AllowedType[] = [
  { kind: "pdf", mediaType: "application/pdf", extensions: ["pdf"] },
  { kind: "docx", mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"] },
  { kind: "xlsx", mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] },
  { kind: "csv", mediaType: "text/csv", extensions: ["csv"] },
  // Shapefiles travel as zip archives (.shp, .shx, .dbf, .prj together): they are this type.
  { kind: "zip", mediaType: "application/zip", extensions: ["zip"] },
  { kind: "png", mediaType: "image/png", extensions: ["png"] },
  { kind: "jpeg", mediaType: "image/jpeg", extensions: ["jpg", "jpeg"] },
  // GB/T 33190 版式文档: a zip package whose entry point is OFD.xml.
  { kind: "ofd", mediaType: "application/ofd", extensions: ["ofd"] },
  { kind: "json", mediaType: "application/json", extensions: ["json"] },
  { kind: "geojson", mediaType: "application/geo+json", extensions: ["geojson"] },
];

const byKind = new Map(ALLOWED_TYPES.map((t) => [t.kind, t]));
const byMime = new Map(ALLOWED_TYPES.map((t) => [t.mediaType, t]));
const allowedExtensions = new Set(ALLOWED_TYPES.flatMap((t) => t.extensions));
const LIST = "PDF、DOCX、XLSX、CSV、ZIP（含 Shapefile）、PNG、JPEG、OFD、JSON、GeoJSON";
const LIST_EN = "PDF, DOCX, XLSX, CSV, ZIP (incl. shapefiles), PNG, JPEG, OFD, JSON, GeoJSON";

export type Sniffed = { ok: true; type: AllowedType; name: string } | { ok: false; code: "unsupported_type" | "type_mismatch"; message: Bilingual };

const unsupported = (what: string): Sniffed => ({
  ok: false,
  code: "unsupported_type",
  message: { zh: `不支持的文件类型（${what}），仅接受 ${LIST}`, en: `Unsupported file type (${what}); accepted: ${LIST_EN}` },
});

/** Bytes that never occur in a text file in any encoding we accept (UTF-8, GBK/GB18030): NUL and most C0 controls. */
function looksLikeText(sample: Uint8Array): boolean {
  for (const b of sample) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a)) return false;
  return true;
}

/** The first significant character of a text sample (after a UTF-8 BOM and whitespace). */
function firstSignificant(sample: Uint8Array): string {
  const text = Buffer.from(sample).toString("latin1").replace(/^\xef\xbb\xbf/, "");
  return text.trimStart().charAt(0);
}

function textType(sample: Uint8Array, ext: string): AllowedType | null {
  if (!looksLikeText(sample)) return null;
  if (ext === "csv") return byKind.get("csv")!;
  const jsonShaped = ["{", "["].includes(firstSignificant(sample));
  if (ext === "geojson") return jsonShaped ? byKind.get("geojson")! : null;
  // JSON is recognisable without its extension (CSV is not: any text could be one).
  if (ext === "json" || !allowedExtensions.has(ext)) return jsonShaped ? byKind.get("json")! : null;
  return null;
}

async function binaryType(sample: Uint8Array, ext: string): Promise<{ type: AllowedType | null; detected: string } | null> {
  const found = await fileTypeFromBuffer(sample);
  if (!found) return null;
  if (found.ext === "zip" && ext === "ofd" && Buffer.from(sample).includes("OFD.xml")) return { type: byKind.get("ofd")!, detected: "ofd" };
  return { type: byMime.get(found.mime) ?? null, detected: found.ext };
}

/**
 * The allowed type of a file from its first bytes and its (sanitised) name, with the name made to agree:
 * a missing or unknown extension gets the right one appended; an allowed extension of another type (a
 * zip named .pdf) is refused, since the name would lie to whoever downloads it.
 */
export async function sniffFile(sample: Uint8Array, name: string): Promise<Sniffed> {
  if (sample.byteLength === 0) return { ok: false, code: "unsupported_type", message: { zh: "文件为空", en: "The file is empty" } };
  const ext = extensionOf(name);
  const binary = await binaryType(sample, ext);
  const type = binary ? binary.type : textType(sample, ext);
  if (!type) return unsupported(binary ? binary.detected : ext ? `.${ext}` : "unknown");
  if (type.extensions.includes(ext)) return { ok: true, type, name };
  if (allowedExtensions.has(ext)) {
    return {
      ok: false,
      code: "type_mismatch",
      message: { zh: `文件扩展名 .${ext} 与文件内容（${type.kind}）不符`, en: `The extension .${ext} does not match the content (${type.kind})` },
    };
  }
  return { ok: true, type, name: `${name}.${type.extensions[0]}` };
}
