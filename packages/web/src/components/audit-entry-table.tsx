import { MinusSquareOutlined, PlusSquareOutlined } from "@ant-design/icons";
import { Button, Descriptions, Space, Table, Typography, type TableColumnsType } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AuditEntry } from "../api/types";
import { formatDateTimeSeconds } from "../lib/format";
import { AuditActionLabel, OutcomeTag, RegionLabel } from "./audit-labels";
import { ShortId } from "./short-id";

type Column = "seq" | "at" | "action" | "outcome" | "actor" | "region" | "subject" | "rows" | "purpose" | "ip";

/** Every column of the audit search; a user's own history leaves out who and where. */
export const ALL_AUDIT_COLUMNS: readonly Column[] = ["seq", "at", "action", "outcome", "actor", "region", "subject", "rows", "purpose", "ip"];

export interface LoadMore {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/**
 * Audit entries, newest first, each row expandable to the whole entry (detail and hashes),
 * with a "load more" button for the next keyset page.
 */
export function AuditEntryTable({
  entries,
  loading,
  empty,
  more,
  columns = ALL_AUDIT_COLUMNS,
}: {
  entries: AuditEntry[] | undefined;
  loading: boolean;
  empty: ReactNode;
  more: LoadMore;
  columns?: readonly Column[];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;

  const all: Record<Column, TableColumnsType<AuditEntry>[number]> = {
    seq: { key: "seq", title: t("audit.col.seq"), dataIndex: "seq", align: "right" },
    at: { key: "at", title: t("audit.col.at"), render: (_, e) => <time dateTime={e.at}>{formatDateTimeSeconds(e.at, lang)}</time> },
    action: { key: "action", title: t("audit.col.action"), render: (_, e) => <AuditActionLabel action={e.action} /> },
    outcome: { key: "outcome", title: t("audit.col.outcome"), render: (_, e) => <OutcomeTag outcome={e.outcome} /> },
    actor: { key: "actor", title: t("audit.col.actor"), render: (_, e) => <Actor entry={e} /> },
    region: { key: "region", title: t("audit.col.region"), render: (_, e) => <RegionLabel code={e.regionCode} /> },
    subject: {
      key: "subject",
      title: t("audit.col.subject"),
      render: (_, e) =>
        e.subjectType || e.subjectId ? (
          <Space size={4} wrap={false}>
            {e.subjectType && <span>{e.subjectType}</span>}
            <ShortId id={e.subjectId} />
          </Space>
        ) : null,
    },
    rows: { key: "rows", title: t("audit.col.rows"), dataIndex: "rowCount", align: "right" },
    purpose: { key: "purpose", title: t("audit.col.purpose"), dataIndex: "purpose" },
    ip: { key: "ip", title: t("audit.col.ip"), render: (_, e) => (e.ip ? <span className="mono">{e.ip}</span> : null) },
  };

  const count = entries?.length ?? 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        loading={loading}
        dataSource={entries}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: empty }}
        columns={columns.map((c) => all[c])}
        expandable={{
          expandedRowRender: (e) => <AuditEntryDetail entry={e} />,
          expandIcon: ({ expanded, onExpand, record }) => (
            <Button
              type="text"
              size="small"
              aria-expanded={expanded}
              aria-label={t(expanded ? "audit.collapse" : "audit.expand", { seq: record.seq })}
              icon={expanded ? <MinusSquareOutlined aria-hidden /> : <PlusSquareOutlined aria-hidden />}
              onClick={(ev) => onExpand(record, ev)}
            />
          ),
        }}
      />
      {count > 0 && (
        <div className="load-more">
          <span role="status" aria-live="polite" className="muted">
            {t("audit.shown", { count })}
            {!more.hasMore && !more.loading ? ` · ${t("audit.end")}` : ""}
          </span>
          {more.hasMore && (
            <Button onClick={more.onLoadMore} loading={more.loading}>
              {t("audit.loadMore")}
            </Button>
          )}
        </div>
      )}
    </Space>
  );
}

function Actor({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const login = typeof entry.detail?.login === "string" ? entry.detail.login : null;
  if (!entry.actorUserId) {
    return login ? <span>{login}</span> : <span className="muted">{t("audit.anonymous")}</span>;
  }
  return (
    <Space size={4} wrap={false}>
      {login && <span>{login}</span>}
      <ShortId id={entry.actorUserId} />
    </Space>
  );
}

/** The whole entry: every field, the detail object and the chain hashes. */
export function AuditEntryDetail({ entry }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const mono = (v: string | null) => (v ? <Typography.Text code copyable className="hash">{v}</Typography.Text> : null);
  return (
    <section className="audit-entry-detail" aria-label={t("audit.entry.title", { seq: entry.seq })}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, lg: 2 }}
        items={[
          { key: "seq", label: t("audit.col.seq"), children: entry.seq },
          { key: "at", label: t("audit.col.at"), children: `${formatDateTimeSeconds(entry.at, lang)}（${entry.at}）` },
          { key: "action", label: t("audit.col.action"), children: <AuditActionLabel action={entry.action} /> },
          { key: "outcome", label: t("audit.col.outcome"), children: <OutcomeTag outcome={entry.outcome} /> },
          { key: "actor", label: t("audit.entry.actorUserId"), children: mono(entry.actorUserId) },
          { key: "org", label: t("audit.entry.actorOrganisationId"), children: mono(entry.actorOrganisationId) },
          { key: "token", label: t("audit.entry.tokenId"), children: mono(entry.tokenId) },
          {
            key: "region",
            label: t("audit.col.region"),
            children: entry.regionCode ? (
              <>
                <RegionLabel code={entry.regionCode} />（{entry.regionCode}）
              </>
            ) : null,
          },
          { key: "subjectType", label: t("audit.filter.subjectType"), children: entry.subjectType },
          { key: "subjectId", label: t("audit.filter.subjectId"), children: mono(entry.subjectId) },
          { key: "dataset", label: t("audit.entry.datasetId"), children: mono(entry.datasetId) },
          { key: "fields", label: t("audit.entry.fields"), children: entry.fields?.join("、") },
          { key: "rows", label: t("audit.col.rows"), children: entry.rowCount },
          { key: "purpose", label: t("audit.col.purpose"), children: entry.purpose },
          { key: "grant", label: t("audit.entry.grantId"), children: mono(entry.grantId) },
          { key: "ip", label: t("audit.col.ip"), children: entry.ip },
          { key: "ua", label: t("audit.entry.userAgent"), children: entry.userAgent, span: "filled" },
          { key: "digest", label: t("audit.entry.payloadDigest"), children: mono(entry.payloadDigest), span: "filled" },
          {
            key: "detail",
            label: t("audit.entry.detail"),
            span: "filled",
            children: entry.detail ? <pre className="audit-json">{JSON.stringify(entry.detail, null, 2)}</pre> : null,
          },
          { key: "prev", label: t("audit.entry.prevHash"), children: mono(entry.prevHash), span: "filled" },
          { key: "hash", label: t("audit.entry.hash"), children: mono(entry.hash), span: "filled" },
        ]}
      />
    </section>
  );
}
