import { DownloadOutlined, KeyOutlined, SignatureOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Space, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { AUDIT_PUBLIC_KEY_URL } from "../../api/client";
import { useAuditCheckpoints, useSignAuditCheckpoint } from "../../api/queries";
import type { AuditCheckpoint } from "../../api/types";
import { ErrorAlert, errorText } from "../../components/error-alert";
import { ShortId } from "../../components/short-id";
import { formatDateTimeSeconds, saveFile } from "../../lib/format";

/** The signed checkpoints (newest first), signing one now, and the public key to check them with. */
export function CheckpointListCard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const checkpoints = useAuditCheckpoints();
  const sign = useSignAuditCheckpoint();
  const { message } = App.useApp();

  const onSign = () =>
    sign.mutateAsync().then(
      (cp) => void (cp ? message.success(t("checkpoints.signed", { seq: cp.seq })) : message.info(t("checkpoints.nothingToSign"))),
      (e: unknown) => void message.error(errorText(e, lang, t("app.genericError"))),
    );

  // A checkpoint file as `shuyuan audit verify-checkpoint` reads it.
  const download = (cp: AuditCheckpoint) =>
    saveFile(new Blob([JSON.stringify(cp, null, 2) + "\n"], { type: "application/json" }), `checkpoint-${cp.seq}.json`);

  return (
    <Card
      title={<h2 className="card-title">{t("checkpoints.title")}</h2>}
      extra={
        <Space wrap>
          <Button href={AUDIT_PUBLIC_KEY_URL} download="shuyuan-audit-public-key.pem" icon={<KeyOutlined aria-hidden />}>
            {t("checkpoints.publicKey")}
          </Button>
          <Button type="primary" icon={<SignatureOutlined aria-hidden />} loading={sign.isPending} onClick={() => void onSign()}>
            {t("checkpoints.signNow")}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>{t("checkpoints.intro")}</Typography.Paragraph>
      {checkpoints.isError ? (
        <ErrorAlert error={checkpoints.error} onRetry={() => void checkpoints.refetch()} />
      ) : (
        <Table<AuditCheckpoint>
          rowKey="seq"
          size="small"
          loading={checkpoints.isFetching}
          dataSource={checkpoints.data?.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: <Empty description={t("checkpoints.empty")} /> }}
          columns={[
            { key: "seq", title: t("checkpoints.col.seq"), dataIndex: "seq", align: "right" },
            {
              key: "signedAt",
              title: t("checkpoints.col.signedAt"),
              render: (_, cp) => <time dateTime={cp.signedAt}>{formatDateTimeSeconds(cp.signedAt, lang)}</time>,
            },
            { key: "headHash", title: t("checkpoints.col.headHash"), render: (_, cp) => <ShortId id={cp.headHash} length={16} /> },
            {
              key: "algorithm",
              title: t("checkpoints.col.algorithm"),
              render: (_, cp) => t(`verify.algorithms.${cp.algorithm}`, { defaultValue: cp.algorithm }),
            },
            { key: "platform", title: t("checkpoints.col.platform"), dataIndex: "platform" },
            {
              key: "actions",
              title: t("checkpoints.col.actions"),
              render: (_, cp) => (
                <Button
                  size="small"
                  icon={<DownloadOutlined aria-hidden />}
                  aria-label={t("checkpoints.downloadLabel", { seq: cp.seq })}
                  onClick={() => download(cp)}
                >
                  {t("checkpoints.download")}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
