/** chinese-days writes names as 'Spring Festival,春节,4' (English, Chinese, days off); split them. */
export function splitChineseDaysName(raw: string): { name?: string; nameEn?: string } {
  const parts = raw.split(",");
  if (parts.length < 3) return raw.trim() ? { name: raw.trim() } : {};
  const name = parts[parts.length - 2].trim();
  const nameEn = parts.slice(0, -2).join(",").trim();
  return { ...(name ? { name } : {}), ...(nameEn ? { nameEn } : {}) };
}
