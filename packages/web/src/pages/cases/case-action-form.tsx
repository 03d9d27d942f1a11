import { Alert, App, Button, Form, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client";
import { useActOnCase } from "../../api/queries";
import type { CaseAction, CaseDetail } from "../../api/types";
import { CaseField } from "../../components/case-field";
import { ErrorAlert } from "../../components/error-alert";
import { actionFields, placeCaseErrors, toPayload, type FormValue } from "../../lib/case-forms";
import { bilingual } from "../../lib/format";

/** Codes that mean "the case is no longer what you read": reload and look again. */
const STALE = new Set(["version_conflict", "invalid_state"]);

/**
 * The form of one action, generated from the action's fields, in a dialog. It posts with the
 * version the page read; a 409 says someone else acted and offers a reload.
 */
export function CaseActionForm({
  kase,
  action,
  onClose,
  onReload,
}: {
  kase: CaseDetail;
  action: CaseAction;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ payload: Record<string, FormValue> }>();
  const act = useActOnCase(kase.id);
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const fields = actionFields(kase.kind, action.name);
  const label = bilingual(action.label, i18n.language);
  const stale = isApiError(error) && error.status === 409 && STALE.has(error.code);

  const onFinish = (v: { payload?: Record<string, FormValue> }) => {
    setError(null);
    act.mutate(
      { action: action.name, input: { expectedVersion: kase.version, payload: toPayload(fields, v.payload ?? {}) } },
      {
        onSuccess: () => {
          void message.success(t("cases.actionDone", { action: label }));
          onClose();
        },
        onError: (e) => {
          const placed = placeCaseErrors(form, e, i18n.language, fields.map((f) => `payload.${f.name}`));
          if (!placed) setError(e);
        },
      },
    );
  };

  return (
    <Modal open title={label} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      {action.basis ? (
        <Typography.Paragraph type="secondary">{t("cases.basisOf", { basis: action.basis })}</Typography.Paragraph>
      ) : null}
      <Form layout="vertical" form={form} name={`case-action-${action.name}`} onFinish={onFinish}>
        {fields.length === 0 ? <Typography.Paragraph>{t("cases.noDataNeeded")}</Typography.Paragraph> : null}
        {fields.map((f) => (
          <CaseField key={f.name} spec={f} kind={kase.kind} action={action.name} idPrefix={`act-${action.name}`} />
        ))}
        {stale ? (
          <div className="form-error">
            <Alert
              type="warning"
              showIcon
              role="alert"
              title={t("cases.staleTitle")}
              description={isApiError(error) ? error.text(i18n.language) : undefined}
              action={
                <Button
                  size="small"
                  onClick={() => {
                    onReload();
                    onClose();
                  }}
                >
                  {t("cases.reload")}
                </Button>
              }
            />
          </div>
        ) : error ? (
          <div className="form-error">
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={act.isPending}>
            {label}
          </Button>
          <Button onClick={onClose}>{t("app.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
