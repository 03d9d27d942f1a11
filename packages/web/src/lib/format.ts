/** Date and time in the UI language, on the China calendar (UTC+8) whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(d);
}

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", {
    dateStyle: "medium",
    timeZone: "Asia/Shanghai",
  }).format(d);
}

/** Where to go after login: only same-origin paths, never a protocol-relative or absolute URL. */
export function safeNext(next: string | null | undefined, fallback = "/console"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

/** Date and time to the second (the audit record's entries are seconds apart), China time. */
export function formatDateTimeSeconds(iso: string | null | undefined, language: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "Asia/Shanghai",
  }).format(d);
}

/** Saves a downloaded file through the browser's own download. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A bilingual label from the server or core, in the UI language. */
export function bilingual(text: { zh: string; en: string } | null | undefined, language: string): string {
  if (!text) return "";
  return language === "en" ? text.en : text.zh;
}

/** A size in bytes as people read it (1 decimal from KB up). */
export function formatBytes(bytes: number, language: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const number = new Intl.NumberFormat(language === "en" ? "en-GB" : "zh-CN", { maximumFractionDigits: unit ? 1 : 0 }).format(value);
  return `${number} ${units[unit]}`;
}
