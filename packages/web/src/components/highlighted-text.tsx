import type { HighlightSegment } from "../api/types";

/**
 * Text with the search's matches marked. Segments are plain text rendered by React (escaped):
 * an entry whose title holds markup shows the markup as characters, it never runs.
 */
export function HighlightedText({ segments, text }: { segments: HighlightSegment[] | null | undefined; text: string }) {
  if (!segments || segments.length === 0) return <>{text}</>;
  return (
    <>
      {segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}
