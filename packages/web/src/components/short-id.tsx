import { Typography } from "antd";

/**
 * A long identifier (UUID) in a table cell: its first characters, the whole value on
 * hover and for screen readers, and a copy button for the whole value.
 */
export function ShortId({ id, length = 8 }: { id: string | null | undefined; length?: number }) {
  if (!id) return null;
  const short = id.length > length + 4 ? `${id.slice(0, length)}…` : id;
  return (
    <Typography.Text code copyable={{ text: id }} title={id}>
      <span aria-hidden>{short}</span>
      <span className="sr-only">{id}</span>
    </Typography.Text>
  );
}
