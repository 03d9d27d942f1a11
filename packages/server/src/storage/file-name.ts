// File names as users typed them are display labels only (objects are stored under generated keys), but
// they come back in Content-Disposition and land on someone's disk, so they are cleaned on the way in:
// no directories (`../../etc/passwd` → `passwd`), no control or bidi-override characters (which can make
// `exe.pdf` display as `fdp.exe`), nothing Windows refuses in a file name, and a bounded length.

const MAX_LENGTH = 200;
const FALLBACK = "file";
// C0 and C1 controls, DEL, zero-width and bidirectional formatting characters.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** The extension (lower case, without the dot), or "" when there is none. */
export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1].toLowerCase() : "";
}

/** A safe display name: the last path segment, cleaned, at most MAX_LENGTH characters with its extension kept. */
export function sanitiseFileName(raw: string): string {
  let name = raw.normalize("NFC").replace(INVISIBLE, "");
  // Browsers send the bare name, but old ones and scripts send paths, with either separator.
  name = name.split(/[\\/]/).pop() ?? "";
  name = name.replace(WINDOWS_FORBIDDEN, "_").replace(/\s+/g, " ");
  // Leading dots hide a file (and `..` alone is a path); trailing dots and spaces are dropped by Windows.
  name = name.replace(/^[\s.]+/, "").replace(/[\s.]+$/, "");
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  const chars = Array.from(name);
  if (chars.length > MAX_LENGTH) {
    const ext = extensionOf(name);
    const keep = ext ? MAX_LENGTH - ext.length - 1 : MAX_LENGTH;
    name = chars.slice(0, keep).join("").replace(/[\s.]+$/, "") + (ext ? `.${ext}` : "");
  }
  return name || FALLBACK;
}

/** Headers of every download: private, and never rendered as our origin's page whatever a browser thinks the bytes are. */
export const DOWNLOAD_HEADERS = {
  "cache-control": "private, no-cache",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
} as const;

// RFC 5987 attr-char: what may appear unencoded in `filename*`; encodeURIComponent leaves `'()*` too.
const encode5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 5987 encoding): every current browser
 * takes the UTF-8 Chinese name from `filename*`; the plain `filename` is an ASCII stand-in for old clients.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encode5987(name)}`;
}
