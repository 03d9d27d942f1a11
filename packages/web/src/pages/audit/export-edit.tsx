import { ExportOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, InputNumber, Radio, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useExportAudit, useSession } from "../../api/queries";
import type { AuditExportFormat } from "../../api/types";
import { ErrorAlert } from "../../components/error-alert";
import { canExportAuditRecord } from "../../lib/permissions";
import { applyServerErrors } from "../../lib/form-errors";
import { saveFile } from "../../lib/format";

// The server's limit on one export.
const MAX_RANGE = 100_000;

interface ExportValues {
  fromSeq: number;
  toSeq: number;
  format: AuditExportFormat;
}

/**
 * Export a seq range with its proof (JSON) or as CSV. Platform administrators only; anyone
 * else may try and sees the server's refusal in their language.
 */
export function ExportCard() {
  const { t, i18n } = useTranslation();
  const { data: session } = useSession();
  const exporter = useExportAudit();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExportValues>();
  const [error, setError] = useState<unknown>(null);

  const onFinish = (v: ExportValues) => {
    setError(null);
    exporter.mutate(v, {
      onSuccess: (file) => {
        saveFile(file.blob, file.filename);
        void message.success(t("auditExport.started", { name: file.filename }));
      },
      onError: (e) => {
        if (!applyServerErrors(form, e, i18n.language, ["fromSeq", "toSeq", "format"])) setError(e);
      },
    });
  };

  return (
    <Card title={<h2 className="card-title">{t("auditExport.title")}</h2>}>
      <Typography.Paragraph>{t("auditExport.intro")}</Typography.Paragraph>
      {!canExportAuditRecord(session?.user) && <Alert className="form-note" type="info" showIcon title={t("auditExport.adminOnly")} />}
      <Form<ExportValues>
        form={form}
        name="audit-export"
        layout="inline"
        colon={false}
        className="filter-bar"
        initialValues={{ format: "json" }}
        onFinish={onFinish}
        aria-label={t("auditExport.title")}
      >
        <Form.Item name="fromSeq" label={t("auditExport.fromSeq")} rules={[{ required: true, message: t("validation.required", { field: t("auditExport.fromSeq") }) }]}>
          <InputNumber min={1} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="toSeq"
          label={t("auditExport.toSeq")}
          dependencies={["fromSeq"]}
          rules={[
            { required: true, message: t("validation.required", { field: t("auditExport.toSeq") }) },
            ({ getFieldValue }) => ({
              validator: async (_r, v: number | undefined) => {
                const from = getFieldValue("fromSeq") as number | undefined;
                if (!v || !from) return;
                if (v < from) throw new Error(t("auditExport.rangeOrder"));
                if (v - from >= MAX_RANGE) throw new Error(t("auditExport.rangeTooLarge"));
              },
            }),
          ]}
        >
          <InputNumber min={1} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="format" label={t("auditExport.format")}>
          <Radio.Group
            options={[
              { value: "json", label: t("auditExport.formats.json") },
              { value: "csv", label: t("auditExport.formats.csv") },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button htmlType="submit" icon={<ExportOutlined aria-hidden />} loading={exporter.isPending}>
              {t("auditExport.submit")}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {error ? (
        <div className="form-error-below">
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </Card>
  );
}
