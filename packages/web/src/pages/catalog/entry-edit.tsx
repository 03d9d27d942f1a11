import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Skeleton, Space, Table, Typography } from "antd";
import { DATASET_CODE, FIELD_NAME } from "@shuyuan/core/catalog/dataset";
import { highestFieldLevel } from "@shuyuan/core/catalog/classification";
import {
  BASE_AREAS,
  CATALOG_KINDS,
  FIELD_TYPES,
  FORMATS,
  LEVELS,
  OPEN_TYPES,
  SENSITIVITY_KINDS,
  SHARE_TYPES,
  THEME_AREAS,
  THEMES,
  UPDATE_FREQUENCIES,
  type Theme,
} from "@shuyuan/core/catalog/vocabulary";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import { isApiError, type FieldError } from "../../api/client";
import { useCreateDataset, useDataset, useSaveDatasetDraft, useSession, useSubmitDataset } from "../../api/queries";
import type { DatasetDetail, DatasetSaved } from "../../api/types";
import { EntryStatusTag } from "../../components/catalog-tags";
import { ErrorAlert } from "../../components/error-alert";
import { ReviewComments } from "../../components/review-comments";
import { codeLabel, fromContent, NEW_ENTRY, NEW_FIELD, placeEntryErrors, placeEntryMessages, toContent, type EntryFormValues } from "../../lib/catalog";
import { catalogEditorMemberships } from "../../lib/permissions";
import { usePageTitle } from "../../lib/use-page-title";
import { emailRules, required } from "../../lib/validators";

/** What the editor hands to the page it opens after a save: the rule warnings to show there. */
export interface SavedState {
  warnings?: FieldError[];
  submitted?: boolean;
}

/** /console/catalog/new creates an entry; /console/catalog/:id/edit edits its draft (a revision, once published). */
export default function EntryEditPage() {
  const { id } = useParams();
  return id ? <EditExisting key={id} id={id} /> : <EntryEditor dataset={null} />;
}

function EditExisting({ id }: { id: string }) {
  const { t } = useTranslation();
  const dataset = useDataset(id);
  // A reload after a revision conflict starts the editor again from what the server holds now.
  const [generation, setGeneration] = useState(0);
  usePageTitle(t("catalog.editTitle"));

  if (dataset.isPending) return <Skeleton active />;
  if (dataset.isError) return <ErrorAlert error={dataset.error} onRetry={() => void dataset.refetch()} />;
  const d = dataset.data;
  if (!d.permissions.edit) {
    return (
      <Space orientation="vertical" size="large" className="page">
        <Link to={`/console/catalog/${id}`}>← {d.title}</Link>
        <Typography.Title level={1}>{t("catalog.editTitle")}</Typography.Title>
        <Alert type="info" showIcon title={t("catalog.notEditable")} description={<EntryStatusTag status={d.status} />} />
      </Space>
    );
  }
  return (
    <EntryEditor
      key={generation}
      dataset={d}
      onReload={() => void dataset.refetch().then(() => setGeneration((g) => g + 1))}
    />
  );
}

function EntryEditor({ dataset, onReload }: { dataset: DatasetDetail | null; onReload?: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const title = dataset ? t("catalog.editTitle") : t("catalog.newEntry");
  usePageTitle(title);
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const { data: session } = useSession();
  const editorOrgs = catalogEditorMemberships(session?.user);
  const [form] = Form.useForm<EntryFormValues>();
  const create = useCreateDataset();
  const saveDraft = useSaveDatasetDraft();
  const submit = useSubmitDataset();
  const [revision, setRevision] = useState(dataset?.draft?.revision ?? dataset?.draftRevision ?? 1);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<{ path: string; text: string }[]>([]);
  const [warnings, setWarnings] = useState<FieldError[]>([]);
  const busy = create.isPending || saveDraft.isPending || submit.isPending;

  const source = dataset?.draft?.content ?? dataset?.content ?? null;
  const [initialValues] = useState<EntryFormValues>(() =>
    source ? fromContent(source) : { ...NEW_ENTRY, fields: [{ ...NEW_FIELD }], providerOrganisationId: editorOrgs[0]?.organisationId },
  );

  const catalogKind = Form.useWatch("catalogKind", form);
  const shareType = Form.useWatch("shareType", form);
  const openType = Form.useWatch("openType", form);
  const entryLevel = Form.useWatch("level", form);
  const rows = Form.useWatch("fields", form) ?? [];
  const highest = highestFieldLevel(rows.filter((f) => typeof f?.level === "number") as { level: number }[]);

  const showWarnings = (list: FieldError[]) => {
    setWarnings(list);
    placeEntryMessages(form, list, lang, form.getFieldValue("fields")?.length ?? 0, "warnings");
  };

  // Warnings of the save that created this entry, handed over by the "new" page.
  useEffect(() => {
    const state = location.state as SavedState | null;
    if (state?.warnings?.length) showWarnings(state.warnings);
    // Once, on arrival.
  }, []);

  const onFailed = (e: unknown) => {
    if (isApiError(e) && e.code === "duplicate_code" && e.fields.length === 0) {
      form.setFields([{ name: "code", errors: [e.text(lang)] }]);
      form.scrollToField("code", { focus: true, block: "center" });
      return;
    }
    const placed = placeEntryErrors(form, e, lang, form.getFieldValue("fields")?.length ?? 0);
    if (placed) {
      setUnplaced(placed.unplaced);
      if (placed.unplaced.length) setError(e);
      return;
    }
    setError(e);
  };

  const save = async (values: EntryFormValues, intent: "draft" | "submit") => {
    setError(null);
    setUnplaced([]);
    setWarnings([]);
    const content = toContent(values);
    let saved: DatasetSaved;
    try {
      saved = dataset
        ? await saveDraft.mutateAsync({ id: dataset.id, content, expectedRevision: revision })
        : await create.mutateAsync({ providerOrganisationId: values.providerOrganisationId, content });
    } catch (e) {
      onFailed(e);
      return;
    }
    const id = saved.dataset.id;
    setRevision(saved.dataset.draft?.revision ?? revision + 1);
    if (intent === "draft") {
      void message.success(t("catalog.draftSaved"));
      if (!dataset) navigate(`/console/catalog/${id}/edit`, { replace: true, state: { warnings: saved.warnings } satisfies SavedState });
      else showWarnings(saved.warnings);
      return;
    }
    try {
      await submit.mutateAsync({ id, changeSummary: values.changeSummary?.trim() || undefined });
    } catch (e) {
      if (!dataset) {
        // Saved but not submitted: carry on from the entry's own editor.
        navigate(`/console/catalog/${id}/edit`, { replace: true, state: { warnings: saved.warnings } satisfies SavedState });
        void message.error(isApiError(e) ? e.text(lang) : t("app.genericError"));
      } else {
        showWarnings(saved.warnings);
        onFailed(e);
      }
      return;
    }
    void message.success(t("catalog.submitted"));
    navigate(`/console/catalog/${id}`, { replace: !dataset, state: { warnings: saved.warnings, submitted: true } satisfies SavedState });
  };

  const onSubmitForReview = () => {
    form.validateFields().then(
      (values) => void save(values, "submit"),
      (info: { errorFields?: { name: (string | number)[] }[] }) => {
        const first = info.errorFields?.[0];
        if (first) form.scrollToField(first.name, { focus: true, block: "center" });
      },
    );
  };

  const themes: readonly Theme[] = catalogKind === "base" ? BASE_AREAS : catalogKind === "theme" ? THEME_AREAS : THEMES;
  const stale = isApiError(error) && error.status === 409 && error.code === "revision_conflict";
  const backTo = dataset ? `/console/catalog/${dataset.id}` : "/console/catalog";

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to={backTo}>← {dataset ? dataset.title : t("catalog.compileTitle")}</Link>
      <div>
        <Typography.Title level={1}>{title}</Typography.Title>
        {dataset ? (
          <Space wrap className="page-meta">
            <EntryStatusTag status={dataset.status} />
            {dataset.version !== null ? <span className="muted">{t("catalog.revisingVersion", { version: dataset.version })}</span> : null}
          </Space>
        ) : null}
      </div>
      <Typography.Paragraph className="form-note">{t("catalog.editIntro")}</Typography.Paragraph>
      {dataset?.review && dataset.status === "revision_requested" ? <ReviewComments caseId={dataset.review.caseId} /> : null}

      <Form<EntryFormValues>
        form={form}
        name="entry"
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => void save(v, "draft")}
        onFinishFailed={({ errorFields }) => {
          if (errorFields[0]) form.scrollToField(errorFields[0].name, { focus: true, block: "center" });
        }}
        className="entry-form"
        scrollToFirstError={false}
      >
        <Card title={<h2 className="card-title">{t("catalog.sections.basic")}</h2>}>
          {!dataset && editorOrgs.length > 1 ? (
            <Form.Item name="providerOrganisationId" label={t("catalog.provider")} rules={[required(t, t("catalog.provider"), true)]}>
              <Select options={editorOrgs.map((m) => ({ value: m.organisationId, label: m.organisationName }))} />
            </Form.Item>
          ) : (
            <Form.Item label={t("catalog.provider")}>
              <span>{dataset?.provider.name ?? editorOrgs[0]?.organisationName}</span>
            </Form.Item>
          )}
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item
                name="title"
                label={t("catalog.props.title")}
                rules={[required(t, t("catalog.props.title")), { max: 200, message: t("validation.maxLength", { field: t("catalog.props.title"), max: 200 }) }]}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="code"
                label={t("catalog.props.code")}
                extra={t("catalog.hints.code")}
                rules={[required(t, t("catalog.props.code")), { pattern: DATASET_CODE, message: t("catalog.hints.codeFormat") }]}
              >
                <Input autoComplete="off" spellCheck={false} className="mono" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="summary"
            label={t("catalog.props.summary")}
            rules={[required(t, t("catalog.props.summary")), { max: 4000, message: t("validation.maxLength", { field: t("catalog.props.summary"), max: 4000 }) }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="catalogKind" label={t("catalog.props.catalogKind")} rules={[required(t, t("catalog.props.catalogKind"), true)]}>
                <Radio.Group aria-label={t("catalog.props.catalogKind")} optionType="button" options={CATALOG_KINDS.map((k) => ({ value: k, label: codeLabel("catalogKind", k, lang) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="theme"
                label={t("catalog.props.theme")}
                extra={catalogKind === "base" ? t("catalog.hints.themeBase") : catalogKind === "theme" ? t("catalog.hints.themeTheme") : undefined}
              >
                <Select<Theme> allowClear options={themes.map((x) => ({ value: x, label: codeLabel("theme", x, lang) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="tags" label={t("catalog.props.tags")} extra={t("catalog.hints.tags")}>
            <Select mode="tags" tokenSeparators={[",", "，", "、"]} maxCount={20} open={false} suffixIcon={null} />
          </Form.Item>
        </Card>

        <Card title={<h2 className="card-title">{t("catalog.sections.fields")}</h2>} className="entry-section">
          <FieldsEditor rowsTypes={rows.map((r) => r?.type)} />
        </Card>

        <Card title={<h2 className="card-title">{t("catalog.sections.supply")}</h2>} className="entry-section">
          <Form.Item
            name="formats"
            label={t("catalog.props.formats")}
            rules={[{ required: true, type: "array", min: 1, message: t("validation.requiredSelect", { field: t("catalog.props.formats") }) }]}
          >
            <Checkbox.Group aria-label={t("catalog.props.formats")} options={FORMATS.map((f) => ({ value: f, label: codeLabel("format", f, lang) }))} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="updateFrequency" label={t("catalog.props.updateFrequency")} rules={[required(t, t("catalog.props.updateFrequency"), true)]}>
                <Select options={UPDATE_FREQUENCIES.map((f) => ({ value: f, label: codeLabel("updateFrequency", f, lang) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="collectionChannel" label={t("catalog.props.collectionChannel")} rules={[{ max: 500, message: t("validation.maxLength", { field: t("catalog.props.collectionChannel"), max: 500 }) }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <fieldset className="form-section">
            <legend>{t("catalog.props.contact")}</legend>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name={["contact", "name"]} label={t("catalog.props.contact_name")} rules={[required(t, t("catalog.props.contact_name"))]}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={["contact", "phone"]} label={t("catalog.props.contact_phone")} rules={[{ max: 40, message: t("validation.maxLength", { field: t("catalog.props.contact_phone"), max: 40 }) }]}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={["contact", "email"]} label={t("catalog.props.contact_email")} rules={emailRules(t)}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
          </fieldset>
        </Card>

        <Card title={<h2 className="card-title">{t("catalog.sections.access")}</h2>} className="entry-section">
          <Form.Item name="shareType" label={t("catalog.props.shareType")} rules={[required(t, t("catalog.props.shareType"), true)]}>
            <Radio.Group aria-label={t("catalog.props.shareType")} options={SHARE_TYPES.map((s) => ({ value: s, label: codeLabel("shareType", s, lang) }))} />
          </Form.Item>
          {shareType === "conditional" ? (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name={["shareConditions", "scope"]} label={t("catalog.props.shareConditions_scope")} required extra={t("catalog.hints.shareConditions")}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name={["shareConditions", "purpose"]} label={t("catalog.props.shareConditions_purpose")} required>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
                </Form.Item>
              </Col>
            </Row>
          ) : null}
          {shareType === "none" ? (
            <Form.Item name="shareBasis" label={t("catalog.props.shareBasis")} required extra={t("catalog.hints.shareBasis")}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          ) : null}

          <Form.Item name="openType" label={t("catalog.props.openType")} rules={[required(t, t("catalog.props.openType"), true)]}>
            <Radio.Group aria-label={t("catalog.props.openType")} options={OPEN_TYPES.map((s) => ({ value: s, label: codeLabel("openType", s, lang) }))} />
          </Form.Item>
          {openType === "conditional" ? (
            <Form.Item name="openConditions" label={t("catalog.props.openConditions")} required extra={t("catalog.hints.openConditions")}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          ) : null}
          {openType === "none" ? (
            <Form.Item name="openReason" label={t("catalog.props.openReason")} required extra={t("catalog.hints.openReason")}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          ) : null}

          <Form.Item
            name="level"
            label={t("catalog.props.level")}
            rules={[{ required: true, type: "number", message: t("validation.requiredSelect", { field: t("catalog.props.level") }) }]}
            extra={
              typeof entryLevel === "number" && entryLevel < highest ? (
                <span className="hint-warning">{t("catalog.hints.levelBelowFields", { level: highest })}</span>
              ) : (
                t("catalog.hints.level")
              )
            }
          >
            <Radio.Group aria-label={t("catalog.props.level")} optionType="button" options={LEVELS.map((l) => ({ value: l, label: codeLabel("level", l, lang) }))} />
          </Form.Item>
        </Card>

        {dataset?.version !== null && dataset?.version !== undefined ? (
          <Card title={<h2 className="card-title">{t("catalog.sections.submission")}</h2>} className="entry-section">
            <Form.Item name="changeSummary" label={t("catalog.changeSummary")} extra={t("catalog.hints.changeSummary")} rules={[{ max: 2000, message: t("validation.maxLength", { field: t("catalog.changeSummary"), max: 2000 }) }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Card>
        ) : null}

        <div className="entry-footer">
          {warnings.length ? (
            <Alert
              className="form-error"
              type="warning"
              showIcon
              title={t("catalog.savedWithWarnings")}
              description={
                <ul className="case-list">
                  {warnings.map((w, i) => (
                    <li key={i}>{lang === "en" ? w.messageEn : w.message}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
          {stale ? (
            <div className="form-error">
              <Alert
                type="warning"
                showIcon
                role="alert"
                title={t("catalog.staleTitle")}
                description={isApiError(error) ? error.text(lang) : undefined}
                action={
                  <Button size="small" onClick={onReload}>
                    {t("cases.reload")}
                  </Button>
                }
              />
            </div>
          ) : error ? (
            <div className="form-error">
              <Alert
                type="error"
                showIcon
                role="alert"
                title={isApiError(error) ? error.text(lang) : t("app.genericError")}
                description={
                  unplaced.length ? (
                    <ul className="case-list">
                      {unplaced.map((u, i) => (
                        <li key={i}>
                          <span className="mono">{u.path}</span>：{u.text}
                        </li>
                      ))}
                    </ul>
                  ) : undefined
                }
              />
            </div>
          ) : null}
          <Space wrap>
            <Button type="primary" onClick={onSubmitForReview} loading={busy}>
              {dataset?.status === "revision_requested" ? t("catalog.saveAndResubmit") : t("catalog.saveAndSubmit")}
            </Button>
            <Button htmlType="submit" loading={busy}>
              {t("catalog.saveDraft")}
            </Button>
            <Button onClick={() => navigate(backTo)}>{t("app.cancel")}</Button>
          </Space>
        </div>
      </Form>
    </Space>
  );
}

/** The editable 信息项 table: add, remove and reorder rows; each cell is a form field at fields.<i>.<prop>. */
function FieldsEditor({ rowsTypes }: { rowsTypes: (string | undefined)[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cell = (n: number, column: string) => t("catalog.fieldCell", { n, column: t(`catalog.field.${column}`) });

  return (
    <Form.List
      name="fields"
      rules={[
        {
          validator: async (_r, value: unknown[] | undefined) => {
            if (!value || value.length === 0) throw new Error(t("catalog.hints.fieldsRequired"));
          },
        },
      ]}
    >
      {(rows, { add, remove, move }, { errors }) => (
        <>
          <Table
            className="fields-editor"
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={rows}
            scroll={{ x: "max-content" }}
            columns={[
              { key: "n", title: "#", width: 40, render: (_, _r, i) => i + 1 },
              {
                key: "name",
                title: t("catalog.field.name"),
                render: (_, r, i) => (
                  <Form.Item
                    name={[r.name, "name"]}
                    className="cell-item"
                    rules={[
                      required(t, t("catalog.field.name")),
                      {
                        validator: async (_rule, v: string | undefined) => {
                          if (v && v.trim() && !FIELD_NAME.test(v.trim().toLowerCase())) throw new Error(t("catalog.hints.fieldName"));
                        },
                      },
                    ]}
                  >
                    <Input aria-label={cell(i + 1, "name")} autoComplete="off" spellCheck={false} className="mono" style={{ width: 160 }} />
                  </Form.Item>
                ),
              },
              {
                key: "title",
                title: t("catalog.field.title"),
                render: (_, r, i) => (
                  <Form.Item name={[r.name, "title"]} className="cell-item" rules={[required(t, t("catalog.field.title"))]}>
                    <Input aria-label={cell(i + 1, "title")} autoComplete="off" style={{ width: 160 }} />
                  </Form.Item>
                ),
              },
              {
                key: "type",
                title: t("catalog.field.type"),
                render: (_, r, i) => (
                  <Form.Item name={[r.name, "type"]} className="cell-item" rules={[required(t, t("catalog.field.type"), true)]}>
                    <Select aria-label={cell(i + 1, "type")} style={{ width: 120 }} options={FIELD_TYPES.map((x) => ({ value: x, label: codeLabel("type", x, lang) }))} />
                  </Form.Item>
                ),
              },
              {
                key: "length",
                title: t("catalog.field.length"),
                render: (_, r, i) => (
                  <Form.Item name={[r.name, "length"]} className="cell-item">
                    <InputNumber aria-label={cell(i + 1, "length")} min={1} max={100000} precision={0} disabled={rowsTypes[i] !== undefined && rowsTypes[i] !== "string"} style={{ width: 100 }} />
                  </Form.Item>
                ),
              },
              {
                key: "description",
                title: t("catalog.field.description"),
                render: (_, r, i) => (
                  <Form.Item name={[r.name, "description"]} className="cell-item">
                    <Input aria-label={cell(i + 1, "description")} autoComplete="off" style={{ width: 180 }} />
                  </Form.Item>
                ),
              },
              {
                key: "level",
                title: t("catalog.field.level"),
                render: (_, r, i) => (
                  <Form.Item name={[r.name, "level"]} className="cell-item" rules={[{ required: true, type: "number", message: t("validation.requiredSelect", { field: t("catalog.field.level") }) }]}>
                    <Select aria-label={cell(i + 1, "level")} style={{ width: 96 }} options={LEVELS.map((l) => ({ value: l, label: codeLabel("level", l, lang) }))} />
                  </Form.Item>
                ),
              },
              {
                key: "sensitivity",
                title: t("catalog.field.sensitivity"),
                render: (_, r, i) => (
                  <Form.Item name={[r.name, "sensitivity"]} className="cell-item">
                    <Select aria-label={cell(i + 1, "sensitivity")} style={{ width: 160 }} options={SENSITIVITY_KINDS.map((k) => ({ value: k, label: codeLabel("sensitivity", k, lang) }))} />
                  </Form.Item>
                ),
              },
              {
                key: "required",
                title: t("catalog.field.required"),
                render: (_, r, i) => (
                  <Form.Item name={[r.name, "required"]} valuePropName="checked" className="cell-item">
                    <Checkbox aria-label={cell(i + 1, "required")} />
                  </Form.Item>
                ),
              },
              {
                key: "key",
                title: t("catalog.field.key"),
                render: (_, r, i) => (
                  <Form.Item name={[r.name, "key"]} valuePropName="checked" className="cell-item">
                    <Checkbox aria-label={cell(i + 1, "key")} />
                  </Form.Item>
                ),
              },
              {
                key: "actions",
                title: t("catalog.actionsColumn"),
                render: (_, r, i) => (
                  <Space size={2}>
                    <Button size="small" type="text" icon={<ArrowUpOutlined aria-hidden />} disabled={i === 0} aria-label={t("catalog.moveUp", { n: i + 1 })} onClick={() => move(i, i - 1)} />
                    <Button
                      size="small"
                      type="text"
                      icon={<ArrowDownOutlined aria-hidden />}
                      disabled={i === rows.length - 1}
                      aria-label={t("catalog.moveDown", { n: i + 1 })}
                      onClick={() => move(i, i + 1)}
                    />
                    <Button size="small" type="text" danger icon={<DeleteOutlined aria-hidden />} aria-label={t("catalog.removeField", { n: i + 1 })} onClick={() => remove(r.name)} />
                  </Space>
                ),
              },
            ]}
          />
          <Form.ErrorList errors={errors} />
          <Button className="fields-add" icon={<PlusOutlined aria-hidden />} onClick={() => add({ ...NEW_FIELD })}>
            {t("catalog.addField")}
          </Button>
        </>
      )}
    </Form.List>
  );
}
