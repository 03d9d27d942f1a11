import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { useOpenCase, useSession } from "../../api/queries";
import type { Membership, OpenCaseInput } from "../../api/types";
import { CaseField } from "../../components/case-field";
import { ErrorAlert } from "../../components/error-alert";
import { OrganisationPicker } from "../../components/organisation-picker";
import {
  attachments,
  CORRECTION_PROBLEMS,
  DEMAND_PURPOSES,
  placeCaseErrors,
  toPayload,
  type CaseFieldSpec,
  type FormValue,
} from "../../lib/case-forms";
import { usePageTitle } from "../../lib/use-page-title";

const AS_SELF = "__self";

const CORRECTION_FIELDS: CaseFieldSpec[] = [
  { name: "problem", type: "choice", options: CORRECTION_PROBLEMS, optionsKey: "problem", required: true },
  { name: "description", type: "textarea", required: true, max: 4000 },
  { name: "fields", type: "lines", max: 200 },
  { name: "proposedCorrection", type: "textarea", max: 4000 },
  { name: "aboutSelf", type: "boolean" },
  attachments,
];

const DEMAND_COMMON: CaseFieldSpec[] = [
  { name: "dataItems", type: "lines", required: true, max: 200 },
  { name: "scenario", type: "textarea", required: true, max: 4000 },
  attachments,
];
const DEMAND_TO_PROVIDER: CaseFieldSpec[] = [
  { name: "providerOrganisationId", type: "organisation", required: true },
  ...DEMAND_COMMON,
  { name: "basis", type: "textarea", required: true, max: 4000 },
];
const DEMAND_TO_AUTHORITY: CaseFieldSpec[] = [
  { name: "purpose", type: "choice", options: DEMAND_PURPOSES, optionsKey: "purpose", required: true },
  ...DEMAND_COMMON,
  { name: "basis", type: "textarea", max: 4000 },
];

interface Values {
  asOrganisationId?: string;
  route?: "submit" | "submit_to_authority";
  title: string;
  handlerOrganisationId?: string;
  datasetId?: string;
  payload?: Record<string, FormValue>;
}

/** Prefilled values from a link (the dataset page's "object to the data"): `title`, `datasetId`, `provider` and `providerName`. */
interface Prefill {
  title?: string;
  datasetId?: string;
  provider?: { id: string; name: string };
}

/**
 * /console/cases/new?kind=data_demand | correction: submit a data demand or object to data. A correction
 * may arrive prefilled: `&datasetId=…&provider=<organisation id>&providerName=…&title=…`.
 */
export default function CaseEditPage() {
  const [params] = useSearchParams();
  const kind = params.get("kind");
  if (kind !== "data_demand" && kind !== "correction") return <Navigate to="/console/cases" replace />;
  const text = (name: string, max: number) => params.get(name)?.trim().slice(0, max) || undefined;
  const providerId = text("provider", 100);
  const prefill: Prefill = {
    title: text("title", 200),
    datasetId: kind === "correction" ? text("datasetId", 100) : undefined,
    provider: kind === "correction" && providerId ? { id: providerId, name: text("providerName", 200) ?? providerId } : undefined,
  };
  return <NewCase key={kind} kind={kind} prefill={prefill} />;
}

function NewCase({ kind, prefill }: { kind: "data_demand" | "correction"; prefill: Prefill }) {
  const { t, i18n } = useTranslation();
  const title = kind === "correction" ? t("cases.newCorrection") : t("cases.newDemand");
  usePageTitle(title);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: session } = useSession();
  const memberships = session?.user?.memberships ?? [];
  const [form] = Form.useForm<Values>();
  const open = useOpenCase();
  const [error, setError] = useState<unknown>(null);

  const asOrg = Form.useWatch("asOrganisationId", form) ?? memberships[0]?.organisationId ?? AS_SELF;
  const acting: Membership | undefined = memberships.find((m) => m.organisationId === asOrg);
  // 004 §29: departments and authorities name the provider; anyone else goes through the authority (002 §20 §22).
  const mayNameProvider = acting?.organisationKind === "department" || acting?.organisationKind === "authority";
  const routeValue = Form.useWatch("route", form);
  const route = kind === "data_demand" ? (mayNameProvider ? (routeValue ?? "submit") : "submit_to_authority") : "submit";
  const fields = kind === "correction" ? CORRECTION_FIELDS : route === "submit" ? DEMAND_TO_PROVIDER : DEMAND_TO_AUTHORITY;

  const onFinish = (v: Values) => {
    setError(null);
    const payload = toPayload(fields, v.payload ?? {});
    const asOrganisationId = memberships.length ? (v.asOrganisationId ?? memberships[0].organisationId) : undefined;
    const input: OpenCaseInput = {
      kind,
      title: v.title.trim(),
      asOrganisationId: asOrganisationId === AS_SELF ? null : asOrganisationId,
      payload,
    };
    if (kind === "correction") {
      const datasetId = (v.datasetId ?? "").trim();
      input.handlerOrganisationId = v.handlerOrganisationId;
      input.subject = { type: "dataset", id: datasetId };
      input.payload = { datasetId, ...payload };
    } else {
      input.action = route;
      input.payload = { title: v.title.trim(), ...payload };
    }
    open.mutate(input, {
      onSuccess: (c) => {
        void message.success(t("cases.submitted"));
        navigate(`/console/cases/${c.id}`, { replace: true });
      },
      onError: (e) => {
        const known = ["title", "handlerOrganisationId", "asOrganisationId", "datasetId", ...fields.map((f) => `payload.${f.name}`)];
        // The dataset id travels in the payload but has its own field on the form.
        const placed = placeCaseErrors(form, remapDatasetErrors(e), i18n.language, known);
        if (!placed) setError(e);
      },
    });
  };

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to="/console/cases">← {t("cases.title")}</Link>
      <Typography.Title level={1}>{title}</Typography.Title>
      <Typography.Paragraph className="form-note">{kind === "correction" ? t("cases.correctionIntro") : t("cases.demandIntro")}</Typography.Paragraph>
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          name={`new-${kind}`}
          onFinish={onFinish}
          className="narrow-form"
          initialValues={{ title: prefill.title, datasetId: prefill.datasetId, handlerOrganisationId: prefill.provider?.id }}
        >
          {memberships.length ? (
            <Form.Item name="asOrganisationId" label={t("cases.actingAs")} htmlFor="case-as" initialValue={memberships[0].organisationId}>
              <Select<string>
                id="case-as"
                options={[
                  ...memberships.map((m) => ({ value: m.organisationId, label: m.organisationName })),
                  ...(kind === "correction" || !mayNameProvider ? [{ value: AS_SELF, label: t("cases.asSelf") }] : []),
                ]}
              />
            </Form.Item>
          ) : null}
          {kind === "data_demand" && mayNameProvider ? (
            <Form.Item name="route" label={t("cases.demandRoute")} initialValue="submit">
              <Radio.Group aria-label={t("cases.demandRoute")}>
                <Radio value="submit">{t("cases.routes.submit")}</Radio>
                <Radio value="submit_to_authority">{t("cases.routes.submit_to_authority")}</Radio>
              </Radio.Group>
            </Form.Item>
          ) : null}
          <Form.Item
            name="title"
            label={t("cases.caseTitle")}
            htmlFor="case-title"
            rules={[
              { required: true, whitespace: true, message: t("validation.required", { field: t("cases.caseTitle") }) },
              { max: 200, message: t("validation.maxLength", { field: t("cases.caseTitle"), max: 200 }) },
            ]}
          >
            <Input id="case-title" autoComplete="off" />
          </Form.Item>
          {kind === "correction" ? (
            <>
              <Form.Item
                name="handlerOrganisationId"
                label={t("cases.provider")}
                htmlFor="case-provider"
                extra={t("cases.providerHint")}
                rules={[{ required: true, message: t("validation.requiredSelect", { field: t("cases.provider") }) }]}
              >
                <OrganisationPicker id="case-provider" known={prefill.provider} />
              </Form.Item>
              <Form.Item
                name="datasetId"
                label={t("cases.datasetId")}
                htmlFor="case-dataset"
                extra={t("cases.datasetIdHint")}
                rules={[
                  { required: true, whitespace: true, message: t("validation.required", { field: t("cases.datasetId") }) },
                  { max: 100, message: t("validation.maxLength", { field: t("cases.datasetId"), max: 100 }) },
                ]}
              >
                <Input id="case-dataset" autoComplete="off" spellCheck={false} />
              </Form.Item>
            </>
          ) : null}
          {fields.map((f) => (
            <CaseField key={`${route}-${f.name}`} spec={f} kind={kind} action={route} idPrefix="new" />
          ))}
          {kind === "data_demand" && !mayNameProvider ? <Alert className="form-error" type="info" showIcon title={t("cases.demandViaAuthority")} /> : null}
          {error ? (
            <div className="form-error">
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Space>
            <Button type="primary" htmlType="submit" loading={open.isPending}>
              {t("app.submit")}
            </Button>
            <Button onClick={() => navigate("/console/cases")}>{t("app.cancel")}</Button>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}

/** payload.datasetId → datasetId (its own form field). */
function remapDatasetErrors(e: unknown): unknown {
  if (!(e instanceof Error) || !("fields" in e)) return e;
  const err = e as Error & { fields: { path: string }[] };
  for (const f of err.fields) if (f.path === "payload.datasetId") f.path = "datasetId";
  return e;
}
