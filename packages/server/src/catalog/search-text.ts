// Chinese full-text search: text is segmented by jieba (@node-rs/jieba) in the application, and the
// lexemes go to PostgreSQL verbatim (array_to_tsvector / a quoted tsquery), because neither PostgreSQL's
// nor PGlite's text-search parsers segment Chinese. One segmentation for documents and queries keeps
// them matching; cutForSearch adds the sub-words (营业执照 → 营业, 执照, 营业执照) so a query for part
// of a compound finds it.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";
import type { DatasetContent } from "@shuyuan/core";

let jieba: Jieba | undefined;
const segmenter = () => (jieba ??= Jieba.withDict(dict));

/** Lexemes: letters and digits only (so quoting in a tsquery is trivially safe), lower-cased. */
function lexemes(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) {
    const lexeme = w.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
    if (lexeme && lexeme.length <= 100) out.add(lexeme);
  }
  return [...out];
}

export function documentLexemes(text: string): string[] {
  return lexemes(segmenter().cutForSearch(text, true));
}

/** The weighted lexemes of an entry: A = title, code, tags; B = summary, provider; C = fields. */
export function entryLexemes(content: DatasetContent, providerName: string): { a: string[]; b: string[]; c: string[] } {
  const code = content.code.toLowerCase();
  return {
    a: [...new Set([...documentLexemes(content.title), ...documentLexemes(content.tags.join(" ")), code, ...code.split(/[._-]/)])].filter(Boolean),
    b: documentLexemes(`${content.summary} ${providerName}`),
    c: documentLexemes(content.fields.map((f) => `${f.title} ${f.name} ${f.description ?? ""}`).join(" ")),
  };
}

/**
 * The words of a query: whole words (not the sub-words), so 营业执照 asks for 营业执照. Single Latin
 * letters and digits are dropped: they would make the any-word fallback match nearly everything.
 */
export function queryLexemes(q: string): string[] {
  return lexemes(segmenter().cut(q, true))
    .filter((w) => w.length > 1 || /[^\x00-\x7f]/.test(w))
    .slice(0, 20);
}

/** A tsquery text over lexemes: all of them (`&`) or any (`|`). Lexemes carry no quotes or operators. */
export function tsquery(words: readonly string[], join: "&" | "|"): string {
  return words.map((w) => `'${w}'`).join(` ${join} `);
}

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * `text` cut into matched and unmatched segments for the query's words (longest first), optionally
 * shortened to about `max` characters around the first match. The UI renders segments as text, so
 * nothing in an entry is ever interpreted as markup.
 */
export function highlight(text: string, words: readonly string[], max?: number): Segment[] {
  let source = text;
  const needles = [...new Set(words)].filter(Boolean).sort((a, b) => b.length - a.length);
  if (max && source.length > max) {
    const lower = source.toLowerCase();
    const first = Math.min(...needles.map((w) => lower.indexOf(w)).filter((i) => i >= 0), Number.MAX_SAFE_INTEGER);
    const start = first === Number.MAX_SAFE_INTEGER ? 0 : Math.max(0, first - Math.floor(max / 4));
    source = (start > 0 ? "…" : "") + source.slice(start, start + max) + (start + max < source.length ? "…" : "");
  }
  if (!needles.length) return [{ text: source, match: false }];
  const lower = source.toLowerCase();
  const out: Segment[] = [];
  let i = 0;
  let plain = "";
  while (i < source.length) {
    const hit = needles.find((w) => lower.startsWith(w, i));
    if (hit) {
      if (plain) out.push({ text: plain, match: false });
      plain = "";
      out.push({ text: source.slice(i, i + hit.length), match: true });
      i += hit.length;
    } else {
      plain += source[i];
      i += 1;
    }
  }
  if (plain) out.push({ text: plain, match: false });
  return out;
}
