import type { ChainedEntry } from "@shuyuan/core";

const HEADER: (keyof ChainedEntry)[] = [
  "seq", "at", "action", "outcome", "actorUserId", "actorOrganisationId", "tokenId", "regionCode", "subjectType",
  "subjectId", "datasetId", "fields", "rowCount", "purpose", "grantId", "ip", "userAgent", "payloadDigest", "detail",
  "prevHash", "hash",
];

/** RFC 4180 CSV with a BOM (Excel), cells that could run as formulas neutralised. */
export function toCsv(entries: ChainedEntry[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return "\uFEFF" + [HEADER.join(","), ...entries.map((e) => HEADER.map((k) => cell(e[k])).join(","))].join("\r\n") + "\r\n";
}
