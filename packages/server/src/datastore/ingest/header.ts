// Which field each column of the file fills. A column matches a field by its name (`citizen_id`) or
// by its title (信息项名称, `身份证号`), ignoring case, spaces (half- and full-width) and the asterisks
// templates put on required columns; NFKC folds full-width letters and digits first.
import type { DatasetField } from "@shuyuan/core";
import { fileError } from "./errors";

const columnKey = (label: string) => label.normalize("NFKC").toLowerCase().replace(/[\s*]/g, "");

export class ColumnMap {
  /** For each column of the file, the index of the field it fills, or null. */
  readonly fieldOf: (number | null)[] = [];
  /** For each field, the column it comes from, or -1 when the file lacks it. */
  readonly columnOf: number[];
  readonly unknownColumns: string[] = [];
  private readonly byKey = new Map<string, number>();

  constructor(private readonly fields: readonly DatasetField[]) {
    this.columnOf = fields.map(() => -1);
    // Names win over titles when one field's title is another's name.
    fields.forEach((f, i) => this.byKey.set(columnKey(f.title), i));
    fields.forEach((f, i) => this.byKey.set(columnKey(f.name), i));
  }

  /** Maps the columns not mapped yet (all of them at first; JSON adds keys as it meets them). */
  extend(header: readonly string[]): void {
    for (let c = this.fieldOf.length; c < header.length; c++) {
      const label = header[c];
      const key = columnKey(label);
      const field = key ? this.byKey.get(key) : undefined;
      if (field === undefined) {
        this.fieldOf.push(null);
        if (key) this.unknownColumns.push(label);
        continue;
      }
      if (this.columnOf[field] >= 0) {
        const other = header[this.columnOf[field]];
        const f = this.fields[field];
        throw fileError(
          "header_duplicate",
          `列“${other}”和“${label}”都对应信息项“${f.title}”（${f.name}），请删除其中一列`,
          `Columns "${other}" and "${label}" both map to the field "${f.title}" (${f.name}): remove one of them`,
          { columns: [other, label], field: f.name },
        );
      }
      this.fieldOf.push(field);
      this.columnOf[field] = c;
    }
  }

  get missingFields(): string[] {
    return this.fields.filter((_, i) => this.columnOf[i] < 0).map((f) => f.name);
  }

  /**
   * A header that matches no field is the wrong file, or a delimiter misread (the whole line becomes
   * one column). A table header missing a required field would only reject every row; a JSON file's
   * first object may just leave out a key the others have, so there rows are rejected one by one.
   */
  checkHeader(header: readonly string[], delimiter: string | null, isTable: boolean): void {
    if (this.columnOf.every((c) => c < 0)) {
      const shown = header.slice(0, 5).join(" | ").slice(0, 200);
      const hint = delimiter === null ? { zh: "", en: "" } : { zh: `（按分隔符“${visible(delimiter)}”读取；分隔符不对？）`, en: ` (read with the delimiter "${visible(delimiter)}": is it the wrong one?)` };
      throw fileError(
        "header_unmatched",
        `表头与数据集的信息项一个都对不上${hint.zh}。读到的表头：${shown}`,
        `The header matches none of the dataset's fields${hint.en}. Header read: ${shown}`,
        { header: header.slice(0, 50), fields: this.fields.map((f) => f.name) },
      );
    }
    const missing = isTable ? this.fields.filter((f, i) => f.required && this.columnOf[i] < 0) : [];
    if (missing.length) {
      throw fileError(
        "header_missing_required",
        `缺少必填信息项：${missing.map((f) => `${f.title}（${f.name}）`).join("、")}`,
        `Required fields are missing from the header: ${missing.map((f) => `${f.title} (${f.name})`).join(", ")}`,
        { missing: missing.map((f) => f.name) },
      );
    }
  }
}

const visible = (delimiter: string) => (delimiter === "\t" ? "Tab" : delimiter);
