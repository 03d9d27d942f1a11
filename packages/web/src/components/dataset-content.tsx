import { CheckOutlined } from "@ant-design/icons";
import { Card, Descriptions, Empty, Space, Table, Tag, Typography, type DescriptionsProps } from "antd";
import { useTranslation } from "react-i18next";
import type { DatasetContent, DatasetField } from "../api/types";
import { codeLabel } from "../lib/catalog";

/**
 * The content of one version of an entry (published, or a draft under review): metadata, the share
 * and open conditions or reasons, tags and the fields table. `headingLevel` keeps the page's outline.
 */
export function DatasetContentView({
  content,
  provider,
  extraItems = [],
  headingLevel = 2,
}: {
  content: DatasetContent;
  provider?: string;
  extraItems?: DescriptionsProps["items"];
  headingLevel?: 2 | 3;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const H = `h${headingLevel}` as "h2" | "h3";
  const none = <span className="muted">{t("app.none")}</span>;
  const contact = [content.contact.name, content.contact.phone, content.contact.email].filter(Boolean).join(" · ");

  const conditions: { key: string; label: string; text: string | undefined }[] = [
    { key: "scope", label: t("catalog.props.shareConditions_scope"), text: content.shareConditions?.scope },
    { key: "purpose", label: t("catalog.props.shareConditions_purpose"), text: content.shareConditions?.purpose },
    { key: "shareBasis", label: t("catalog.props.shareBasis"), text: content.shareBasis },
    { key: "openConditions", label: t("catalog.props.openConditions"), text: content.openConditions },
    { key: "openReason", label: t("catalog.props.openReason"), text: content.openReason },
  ].filter((c) => c.text);

  return (
    <Space orientation="vertical" size="large" className="page">
      <Card title={<H className="card-title">{t("catalog.metadata")}</H>}>
        <Typography.Paragraph className="case-text dataset-summary">{content.summary}</Typography.Paragraph>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "code", label: t("catalog.props.code"), children: <span className="mono">{content.code}</span> },
            ...(provider ? [{ key: "provider", label: t("catalog.provider"), children: provider }] : []),
            { key: "kind", label: t("catalog.props.catalogKind"), children: codeLabel("catalogKind", content.catalogKind, lang) },
            { key: "theme", label: t("catalog.props.theme"), children: content.theme ? codeLabel("theme", content.theme, lang) : none },
            { key: "formats", label: t("catalog.props.formats"), children: content.formats.map((f) => codeLabel("format", f, lang)).join("、") },
            { key: "frequency", label: t("catalog.props.updateFrequency"), children: codeLabel("updateFrequency", content.updateFrequency, lang) },
            { key: "shareType", label: t("catalog.props.shareType"), children: codeLabel("shareType", content.shareType, lang) },
            { key: "openType", label: t("catalog.props.openType"), children: codeLabel("openType", content.openType, lang) },
            { key: "level", label: t("catalog.props.level"), children: codeLabel("level", content.level, lang) },
            { key: "channel", label: t("catalog.props.collectionChannel"), children: content.collectionChannel ?? none },
            { key: "contact", label: t("catalog.props.contact"), children: contact || none },
            ...(extraItems ?? []),
          ]}
        />
      </Card>

      {conditions.length ? (
        <Card title={<H className="card-title">{t("catalog.conditions")}</H>}>
          <Descriptions
            column={1}
            bordered
            size="small"
            items={conditions.map((c) => ({ key: c.key, label: c.label, children: <span className="case-text">{c.text}</span> }))}
          />
        </Card>
      ) : null}

      {content.tags?.length ? (
        <Card title={<H className="card-title">{t("catalog.props.tags")}</H>}>
          <Space size={4} wrap>
            {content.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </Space>
        </Card>
      ) : null}

      <Card title={<H className="card-title">{t("catalog.fieldsTitle", { count: content.fields.length })}</H>}>
        <DatasetFieldsTable fields={content.fields} />
      </Card>
    </Space>
  );
}

/** 信息项: read-only. */
export function DatasetFieldsTable({ fields }: { fields: DatasetField[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const yes = (v: boolean, label: string) =>
    v ? (
      <span>
        <CheckOutlined aria-hidden /> <span className="sr-only">{label}</span>
        <span aria-hidden>{t("catalog.yes")}</span>
      </span>
    ) : (
      <span className="muted">{t("catalog.no")}</span>
    );
  return (
    <Table<DatasetField>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={fields}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: <Empty description={t("catalog.noFields")} /> }}
      columns={[
        { key: "n", title: "#", render: (_, _f, i) => i + 1, width: 48 },
        { key: "name", title: t("catalog.field.name"), render: (_, f) => <span className="mono">{f.name}</span> },
        {
          key: "title",
          title: t("catalog.field.title"),
          render: (_, f) => (
            <>
              {f.title}
              {f.description ? <div className="muted field-description">{f.description}</div> : null}
            </>
          ),
        },
        { key: "type", title: t("catalog.field.type"), render: (_, f) => codeLabel("type", f.type, lang) },
        { key: "length", title: t("catalog.field.length"), render: (_, f) => f.length ?? <span className="muted">{t("app.none")}</span> },
        { key: "level", title: t("catalog.field.level"), render: (_, f) => codeLabel("level", f.level, lang) },
        { key: "sensitivity", title: t("catalog.field.sensitivity"), render: (_, f) => codeLabel("sensitivity", f.sensitivity, lang) },
        { key: "required", title: t("catalog.field.required"), render: (_, f) => yes(f.required, t("catalog.field.required")) },
        { key: "key", title: t("catalog.field.key"), render: (_, f) => yes(f.key, t("catalog.field.key")) },
      ]}
    />
  );
}
