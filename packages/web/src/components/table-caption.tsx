import { useMemo, type ComponentProps } from "react";

/**
 * antd's Table renders no <caption>; this gives its <table> one, which titles the table on screen and
 * names it for screen readers. Pass the result as the Table's `components`.
 */
export function useTableCaption(caption: string) {
  return useMemo(
    () => ({
      table: ({ children, ...props }: ComponentProps<"table">) => (
        <table {...props}>
          <caption className="table-caption">{caption}</caption>
          {children}
        </table>
      ),
    }),
    [caption],
  );
}
