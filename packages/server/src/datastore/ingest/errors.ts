// Why a file cannot be loaded at all, as opposed to a row that is rejected: an AppError with a stable
// code, shown to the uploader as is. Rows never raise these; they go to the rejected-rows file.
import { AppError } from "../../http/errors";

export type FileErrorCode =
  | "file_empty"
  | "file_too_large"
  | "file_encoding"
  | "file_format"
  | "header_unmatched"
  | "header_duplicate"
  | "header_missing_required"
  | "no_data_rows"
  | "all_rows_rejected";

export function fileError(code: FileErrorCode, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(code === "file_too_large" ? 413 : 400, code, { zh, en }, extra);
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export const tooLarge = (limit: number) =>
  fileError("file_too_large", `文件超过 ${mb(limit)} 上限，请分批导入`, `The file exceeds the ${mb(limit)} limit: load it in parts`, { limit });
