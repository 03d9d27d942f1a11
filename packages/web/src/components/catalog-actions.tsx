import { Alert, App, Button, Form, Input, Modal, Radio, Space, Typography } from "antd";
import { caseKind } from "@shuyuan/core/cases/registry";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useRecordDatasetChange, useRequestDatasetRevocation, useReviewDataset, useSubmitDataset } from "../api/queries";
import type { CaseRef, DatasetDetail } from "../api/types";
import { splitLines } from "../lib/case-forms";
import { applyServerErrors } from "../lib/form-errors";
import { bilingual } from "../lib/format";
import { required } from "../lib/validators";
import { ErrorAlert } from "./error-alert";

// The catalog's procedures as dialogs: submit (or resubmit) for review, the authority's decision,
// recording a legal or duty change, asking for revocation. Each posts once; the server decides.

/** The state of a catalog case in words (core's labels), linking to the case page. */
export function CaseLink({ kind, caseRef }: { kind: "catalog_review" | "catalog_update" | "catalog_revocation"; caseRef: CaseRef }) {
  const { t, i18n } = useTranslation();
  const k = caseKind(kind);
  const state = k?.states.find((s) => s.name === caseRef.state)?.label;
  return (
    <Space size={4} wrap>
      <Link to={`/console/cases/${caseRef.caseId}`}>{k ? bilingual(k.label, i18n.language) : t("catalog.openCase")}</Link>
      {state ? <span className="muted">（{bilingual(state, i18n.language)}）</span> : null}
    </Space>
  );
}

export function SubmitDialog({ dataset, onClose, onDone }: { dataset: DatasetDetail; onClose: () => void; onDone?: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ changeSummary?: string }>();
  const submit = useSubmitDataset();
  const [error, setError] = useState<unknown>(null);
  const resubmit = dataset.status === "revision_requested";
  const label = resubmit ? t("catalog.resubmit") : t("catalog.submit");

  const onFinish = (v: { changeSummary?: string }) => {
    setError(null);
    submit.mutate(
      { id: dataset.id, changeSummary: v.changeSummary?.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t("catalog.submitted"));
          onClose();
          onDone?.();
        },
        onError: (e) => {
          if (!applyServerErrors(form, e, i18n.language, ["changeSummary"])) setError(e);
        },
      },
    );
  };

  return (
    <Modal open title={label} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <Typography.Paragraph type="secondary">{t("catalog.submitIntro")}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="catalog-submit" onFinish={onFinish}>
        <Form.Item name="changeSummary" label={t("catalog.changeSummary")} extra={t("catalog.hints.changeSummary")}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        {error ? (
          <div className="form-error">
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            {label}
          </Button>
          <Button onClick={onClose}>{t("app.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** The authority's decision: approve and publish, or send back with comments (one per line → comments[]). */
export function ReviewDialog({
  dataset,
  decision,
  onClose,
  onDone,
}: {
  dataset: DatasetDetail;
  decision: "approve" | "request_revision";
  onClose: () => void;
  onDone?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comments?: string }>();
  const review = useReviewDataset(dataset.id);
  const [error, setError] = useState<unknown>(null);
  const label = decision === "approve" ? t("catalog.approve") : t("catalog.sendBack");

  // mutateAsync, not mutate's callbacks: the entry refetches while the dialog is open, and callbacks
  // passed to mutate() are dropped if the dialog remounts before the answer arrives.
  const onFinish = async (v: { comments?: string }) => {
    setError(null);
    const comments = splitLines(v.comments);
    try {
      await review.mutateAsync({ decision, comments: decision === "request_revision" || comments.length ? comments : undefined });
    } catch (e) {
      if (!applyServerErrors(form, e, i18n.language, ["comments"], { "comments.0": "comments" })) setError(e);
      return;
    }
    void message.success(decision === "approve" ? t("catalog.approved") : t("catalog.sentBack"));
    onClose();
    onDone?.();
  };

  return (
    <Modal open title={label} onCancel={onClose} footer={null} destroyOnHidden width={600}>
      <Typography.Paragraph type="secondary">{decision === "approve" ? t("catalog.approveIntro") : t("catalog.sendBackIntro")}</Typography.Paragraph>
      <Form form={form} layout="vertical" name={`catalog-review-${decision}`} onFinish={onFinish}>
        {decision === "request_revision" ? (
          <Form.Item
            name="comments"
            label={t("catalog.comments")}
            extra={t("catalog.hints.comments")}
            htmlFor="review-comments"
            rules={[
              required(t, t("catalog.comments")),
              {
                validator: async (_r, v: unknown) => {
                  if (splitLines(v).some((l) => l.length > 2000)) throw new Error(t("cases.lineTooLong", { max: 2000 }));
                },
              },
            ]}
          >
            <Input.TextArea id="review-comments" autoSize={{ minRows: 4, maxRows: 12 }} />
          </Form.Item>
        ) : null}
        {error ? (
          <div className="form-error">
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Space>
          <Button type="primary" danger={decision === "request_revision"} htmlType="submit" loading={review.isPending}>
            {label}
          </Button>
          <Button onClick={onClose}>{t("app.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

interface ChangeValues {
  cause: "legal_change" | "duty_change";
  description: string;
}

/** 004 §15: after a legal or duty change the entry is updated within the profile's limit; the clock starts today. */
export function ChangeDialog({ dataset, onClose }: { dataset: DatasetDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeValues>();
  const record = useRecordDatasetChange(dataset.id);
  const [error, setError] = useState<unknown>(null);

  const onFinish = (v: ChangeValues) => {
    setError(null);
    record.mutate(
      { cause: v.cause, description: v.description.trim() },
      {
        onSuccess: () => {
          void message.success(t("catalog.changeRecorded"));
          onClose();
        },
        onError: (e) => {
          if (!applyServerErrors(form, e, i18n.language, ["cause", "description"])) setError(e);
        },
      },
    );
  };

  return (
    <Modal open title={t("catalog.recordChange")} onCancel={onClose} footer={null} destroyOnHidden width={600}>
      <Typography.Paragraph type="secondary">{t("catalog.recordChangeIntro")}</Typography.Paragraph>
      <Form<ChangeValues> form={form} layout="vertical" name="catalog-change" onFinish={onFinish}>
        <Form.Item name="cause" label={t("catalog.cause")} rules={[required(t, t("catalog.cause"), true)]}>
          <Radio.Group aria-label={t("catalog.cause")}>
            <Radio value="legal_change">{t("catalog.causes.legal_change")}</Radio>
            <Radio value="duty_change">{t("catalog.causes.duty_change")}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="description"
          label={t("catalog.changeDescription")}
          htmlFor="change-description"
          rules={[required(t, t("catalog.changeDescription")), { max: 2000, message: t("validation.maxLength", { field: t("catalog.changeDescription"), max: 2000 }) }]}
        >
          <Input.TextArea id="change-description" autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        {error ? (
          <div className="form-error">
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            {t("catalog.recordChange")}
          </Button>
          <Button onClick={onClose}>{t("app.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** 004 §16: ask the authority to revoke an entry that can no longer be updated. */
export function RevocationDialog({ dataset, onClose }: { dataset: DatasetDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reasons: string }>();
  const revoke = useRequestDatasetRevocation(dataset.id);
  const [error, setError] = useState<unknown>(null);

  const onFinish = (v: { reasons: string }) => {
    setError(null);
    revoke.mutate(
      { reasons: splitLines(v.reasons) },
      {
        onSuccess: () => {
          void message.success(t("catalog.revocationRequested"));
          onClose();
        },
        onError: (e) => {
          if (!applyServerErrors(form, e, i18n.language, ["reasons"], { "reasons.0": "reasons" })) setError(e);
        },
      },
    );
  };

  return (
    <Modal open title={t("catalog.requestRevocation")} onCancel={onClose} footer={null} destroyOnHidden width={600}>
      <Alert className="form-note" type="warning" showIcon title={t("catalog.revocationIntro")} />
      <Form form={form} layout="vertical" name="catalog-revocation" onFinish={onFinish}>
        <Form.Item
          name="reasons"
          label={t("catalog.revocationReasons")}
          extra={t("cases.onePerLine")}
          htmlFor="revocation-reasons"
          rules={[required(t, t("catalog.revocationReasons"))]}
        >
          <Input.TextArea id="revocation-reasons" autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        {error ? (
          <div className="form-error">
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Space>
          <Button type="primary" danger htmlType="submit" loading={revoke.isPending}>
            {t("catalog.requestRevocation")}
          </Button>
          <Button onClick={onClose}>{t("app.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
