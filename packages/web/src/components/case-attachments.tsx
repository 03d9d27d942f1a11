import { PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button, Upload, type UploadFile } from "antd";
import { ATTACHMENT_MEDIA_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "@shuyuan/core/cases/payload-schemas";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { API_BASE, isApiError, upload } from "../api/client";
import type { CaseAttachment } from "../api/types";
import { formatBytes } from "../lib/format";

// The file picker offers what core allows on a case; the server sniffs the bytes whatever the name says.
const ACCEPT = [...ATTACHMENT_MEDIA_TYPES, ".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".csv", ".zip"].join(",");

/**
 * A case form's attachments: each file is uploaded as soon as it is chosen (progress on its row), and the
 * field's value is the list of uploaded attachments a transition's payload names.
 */
export function CaseAttachmentsInput({ id, value, onChange }: { id?: string; value?: CaseAttachment[]; onChange?: (v: CaseAttachment[]) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<CaseAttachment>[]>([]);
  const limit = formatBytes(MAX_ATTACHMENT_BYTES, i18n.language);

  return (
  <Upload<CaseAttachment>
      accept={ACCEPT}
      multiple
      maxCount={MAX_ATTACHMENTS}
      fileList={files}
      beforeUpload={(file) => {
        if (file.size <= MAX_ATTACHMENT_BYTES) return true;
        void message.error(t("cases.attachmentTooLarge", { name: file.name, size: limit }));
        return Upload.LIST_IGNORE;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        const chosen = file as File;
        upload<CaseAttachment>("/cases/attachments", chosen, chosen.name, (p) => onProgress?.({ percent: p.total ? (p.loaded / p.total) * 100 : 0 }))
          .then((a) => onSuccess?.(a))
          .catch((e: unknown) => {
            const reason = isApiError(e) ? e.text(i18n.language) : String(e);
            void message.error(t("cases.attachmentFailed", { name: chosen.name, reason }));
            onError?.(e instanceof Error ? e : new Error(reason));
          });
      }}
      onChange={({ fileList }) => {
        setFiles(fileList);
        const done = fileList.filter((f) => f.status === "done" && f.response).map((f) => f.response!);
        if (done.length !== (value?.length ?? 0) || done.some((a, i) => a.id !== value?.[i]?.id)) onChange?.(done);
      }}
    >
      {/* Named by its own text rather than by the field's label ("attachments"), which would override it. */}
      <Button id={id} icon={<UploadOutlined aria-hidden />} aria-label={t("cases.attachFiles")}>
        {t("cases.attachFiles")}
      </Button>
    </Upload>
  );
}

/** A timeline entry's attachments as download links (the server checks the reader is a party). */
export function CaseAttachmentLinks({ caseId, attachments }: { caseId: string; attachments: CaseAttachment[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="case-list case-attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <a
            href={`${API_BASE}/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(a.id)}`}
            download={a.name}
            aria-label={t("cases.downloadAttachment", { name: a.name, size: formatBytes(a.size, i18n.language) })}
          >
            <PaperClipOutlined aria-hidden /> {a.name}
          </a>{" "}
          <span className="muted">({formatBytes(a.size, i18n.language)})</span>
        </li>
      ))}
    </ul>
  );
}
