import { CopyOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiToken, CreatedApiToken } from "../../api/types";
import { useCreateToken, useRevokeToken, useTokens } from "../../api/queries";
import { ErrorAlert, errorText } from "../../components/error-alert";
import { applyServerErrors } from "../../lib/form-errors";
import { formatDateTime } from "../../lib/format";
import { length, required } from "../../lib/validators";
import { usePageTitle } from "../../lib/use-page-title";

const EXPIRY_CHOICES = [30, 90, 180, 365] as const;
const NO_EXPIRY = 0;

interface CreateValues {
  name: string;
  expiresInDays: number;
}

/** Personal API tokens: list, create (shown once), revoke. */
export default function TokenListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("tokens.title"));
  const lang = i18n.language;
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const onRevoke = (token: ApiToken) =>
    revoke.mutateAsync(token.id).then(
      () => void message.success(t("tokens.revoked")),
      (e: unknown) => void message.error(errorText(e, lang, t("app.genericError"))),
    );

  return (
    <Space orientation="vertical" size="large" className="page">
      <div className="page-heading">
        <Typography.Title level={1}>{t("tokens.title")}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
          {t("tokens.create")}
        </Button>
      </div>
      <Typography.Paragraph>{t("tokens.intro")}</Typography.Paragraph>

      <Card title={<h2 className="card-title">{t("tokens.list")}</h2>}>
        {tokens.isError ? (
          <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : (
          <Table<ApiToken>
            rowKey="id"
            loading={tokens.isPending}
            dataSource={tokens.data?.items}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: <Empty description={t("tokens.empty")} /> }}
            columns={[
              { key: "name", title: t("tokens.name"), dataIndex: "name" },
              {
                key: "prefix",
                title: t("tokens.prefix"),
                render: (_, tok) => <Typography.Text code>{tok.prefix}…</Typography.Text>,
              },
              { key: "created", title: t("tokens.createdAt"), render: (_, tok) => formatDateTime(tok.createdAt, lang) },
              {
                key: "used",
                title: t("tokens.lastUsedAt"),
                render: (_, tok) => (tok.lastUsedAt ? formatDateTime(tok.lastUsedAt, lang) : t("app.never")),
              },
              {
                key: "expires",
                title: t("tokens.expiresAt"),
                render: (_, tok) => (tok.expiresAt ? formatDateTime(tok.expiresAt, lang) : t("tokens.noExpiry")),
              },
              {
                key: "actions",
                title: t("tokens.actions"),
                render: (_, tok) => (
                  <Popconfirm
                    title={t("tokens.revokeConfirm", { name: tok.name })}
                    okText={t("tokens.revoke")}
                    okButtonProps={{ danger: true }}
                    cancelText={t("app.cancel")}
                    onConfirm={() => void onRevoke(tok)}
                  >
                    <Button
                      danger
                      size="small"
                      loading={revoke.isPending && revoke.variables === tok.id}
                      icon={<DeleteOutlined aria-hidden />} aria-label={`${t("tokens.revoke")} ${tok.name}`}>
                      {t("tokens.revoke")}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </Card>

      <CreateTokenModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(tok) => {
          setCreating(false);
          setCreated(tok);
        }}
      />
      <CreatedTokenModal token={created} onClose={() => setCreated(null)} />
    </Space>
  );
}

function CreateTokenModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (token: CreatedApiToken) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateToken();
  const [error, setError] = useState<unknown>(null);

  const onFinish = (v: CreateValues) => {
    setError(null);
    create.mutate(
      { name: v.name.trim(), expiresInDays: v.expiresInDays === NO_EXPIRY ? undefined : v.expiresInDays },
      {
        onSuccess: (tok) => {
          form.resetFields();
          onCreated(tok);
        },
        onError: (e) => {
          if (!applyServerErrors(form, e, i18n.language, ["name", "expiresInDays"])) setError(e);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t("tokens.create")}
      okText={t("tokens.create")}
      cancelText={t("app.cancel")}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      forceRender
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        name="create-token"
        onFinish={onFinish}
        initialValues={{ expiresInDays: 90 }}
      >
        <Form.Item
          name="name"
          label={t("tokens.name")}
          rules={[required(t, t("tokens.name")), ...length(t, t("tokens.name"), 1, 100)]}
        >
          <Input placeholder={t("tokens.namePlaceholder")} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t("tokens.expiresIn")}>
          <Select
            options={[
              ...EXPIRY_CHOICES.map((d) => ({ value: d, label: t("tokens.days", { count: d }) })),
              { value: NO_EXPIRY, label: t("tokens.noExpiry") },
            ]}
          />
        </Form.Item>
        {error ? <ErrorAlert error={error} /> : null}
      </Form>
    </Modal>
  );
}

/** The new token, shown once, with a copy button and a warning. */
function CreatedTokenModal({ token, onClose }: { token: CreatedApiToken | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const inputRef = useRef<HTMLInputElement | null>(null);

  const copy = async () => {
    if (!token) return;
    try {
      await navigator.clipboard.writeText(token.token);
      void message.success(t("tokens.copied"));
    } catch {
      inputRef.current?.select();
      void message.warning(t("tokens.copyFailed"));
    }
  };

  return (
    <Modal
      open={token !== null}
      title={t("tokens.createdTitle")}
      onCancel={onClose}
      closable={false}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t("tokens.done")}
        </Button>
      }
    >
      {token && (
        <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
          <Alert type="warning" showIcon title={t("tokens.createdWarning")} />
          <label htmlFor="created-token-value" className="field-label">
            {t("tokens.tokenValue")}（{token.name}）
          </label>
          <Space.Compact style={{ width: "100%" }}>
            <Input
              id="created-token-value"
              readOnly
              value={token.token}
              className="token-value"
              ref={(el) => {
                inputRef.current = el?.input ?? null;
              }}
              onFocus={(e) => e.target.select()}
            />
            <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copy()}>
              {t("tokens.copy")}
            </Button>
          </Space.Compact>
          {token.expiresAt && (
            <Typography.Text type="secondary">
              {t("tokens.expiresAt")}: {formatDateTime(token.expiresAt, i18n.language)}
            </Typography.Text>
          )}
        </Space>
      )}
    </Modal>
  );
}
