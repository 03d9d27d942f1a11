// The quality report of a load (004 §19): rows read, loaded and rejected, completeness per field,
// repeats of the key, and the first rejects with row, column and reason.
import type { DatasetField } from "@shuyuan/core";
import type { FieldQuality, QualityReport, RejectedRow } from "../types";
import { KeySet } from "./key-set";

/** The report carries the first rejects; the rejected-rows file has all of them. */
const REPORTED_REJECTS = 1000;

export class QualityTally {
  rowsRead = 0;
  rowsLoaded = 0;
  rowsRejected = 0;
  readonly rejects: RejectedRow[] = [];
  private readonly filled: number[];
  private readonly keyFields: number[];
  private readonly keys: KeySet | null;
  private duplicates = 0;

  constructor(private readonly fields: readonly DatasetField[]) {
    this.filled = fields.map(() => 0);
    this.keyFields = fields.flatMap((f, i) => (f.key ? [i] : []));
    this.keys = this.keyFields.length ? new KeySet() : null;
  }

  loaded(values: readonly (string | null)[]): void {
    this.rowsLoaded++;
    for (let i = 0; i < values.length; i++) if (values[i] !== null) this.filled[i]++;
    if (!this.keys) return;
    // A key with an empty part identifies nothing (as NULL never equals NULL in SQL): not counted.
    for (const i of this.keyFields) if (values[i] === null) return;
    if (!this.keys.add(values, this.keyFields)) this.duplicates++;
  }

  rejected(reject: RejectedRow): void {
    this.rowsRejected++;
    if (this.rejects.length < REPORTED_REJECTS) this.rejects.push(reject);
  }

  report(meta: Pick<QualityReport, "format" | "encoding" | "delimiter" | "unknownColumns" | "missingFields" | "durationMs">): QualityReport {
    const fields: FieldQuality[] = this.fields.map((f, i) => ({
      name: f.name,
      completeness: this.rowsLoaded ? this.filled[i] / this.rowsLoaded : 0,
      empty: this.rowsLoaded - this.filled[i],
    }));
    return {
      ...meta,
      rowsRead: this.rowsRead,
      rowsLoaded: this.rowsLoaded,
      rowsRejected: this.rowsRejected,
      rejects: this.rejects,
      fields,
      duplicateKeys: this.keys ? this.duplicates : null,
    };
  }
}
