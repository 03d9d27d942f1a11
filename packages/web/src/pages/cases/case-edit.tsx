import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { MAX_DEADLINE_WD } from "@shuyuan/core/cases/payload-schemas";
import { useDisputeRouting, useOpenCase, useSession } from "../../api/queries";
import type { Membership, OpenCaseInput } from "../../api/types";
import { CaseField } from "../../components/case-field";
import { ErrorAlert } from "../../components/error-alert";
import { OrganisationPicker } from "../../components/organisation-picker";
import {
  attachments,
  CORRECTION_PROBLEMS,
  DEMAND_PURPOSES,
  openingMemberships,
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

// The dispute's subject (payload.subject) is the case title.
const DISPUTE_FIELDS: CaseFieldSpec[] = [
  { name: "counterpartOrganisationId", type: "organisation", required: true },
  { name: "statement", type: "textarea", required: true, max: 4000 },
  { name: "negotiation", type: "textarea", required: true, max: 4000 },
  { name: "datasetIds", type: "lines", max: 100 },
  attachments,
];

// The ordered organisation is the case's handler; grounds are one per line, the deadline in working days.
const RECTIFICATION_FIELDS: CaseFieldSpec[] = [
  { name: "grounds", type: "lines", required: true, max: 4000 },
  { name: "requirements", type: "textarea", required: true, max: 4000 },
  { name: "deadline", type: "workdays", min: 1, max: MAX_DEADLINE_WD, required: true },
  { name: "suspendAccess", type: "boolean" },
  attachments,
];

type OpenKind = "data_demand" | "correction" | "dispute" | "rectification";

/**
 * Per kind: the page's title and intro (i18n keys); the opening transition (its field hints) and its fields
 * where they do not depend on the demand's route; the label and hint keys of the handling organisation
 * when it is named on the case itself (a dispute names the other party in its payload).
 */
const PAGES: Record<OpenKind, { title: string; intro: string; action?: string; fields?: CaseFieldSpec[]; handler?: [string, string] }> = {
  data_demand: { title: "cases.newDemand", intro: "cases.demandIntro" },
  correction: {
    title: "cases.newCorrection",
    intro: "cases.correctionIntro",
    action: "submit",
    fields: CORRECTION_FIELDS,
    handler: ["cases.provider", "cases.providerHint"],
  },
  dispute: { title: "cases.newDispute", intro: "cases.disputeIntro", action: "submit", fields: DISPUTE_FIELDS },
  rectification: {
    title: "cases.newRectification",
    intro: "cases.rectificationIntro",
    action: "order",
    fields: RECTIFICATION_FIELDS,
    handler: ["cases.orderedOrganisation", "cases.orderedOrganisationHint"],
  },
};

function isOpenKind(kind: string | null): kind is OpenKind {
  return kind !== null && Object.hasOwn(PAGES, kind);
}

/** Kinds opened only for an organisation, by members core admits (openingMemberships). */
const BY_ORGANISATION = (kind: OpenKind) => kind === "dispute" || kind === "rectification";

/** The form field a server error path belongs on, where it is not payload.<field>. */
const ERROR_FIELDS = new Map([
  ["payload.datasetId", "datasetId"],
  ["payload.subject", "title"],
]);

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
 * /console/cases/new?kind=data_demand | correction | dispute | rectification: submit a data demand, object
 * to data, raise a dispute (004 §25) or order rectification (004 §41). A correction may arrive prefilled:
 * `&datasetId=…&provider=<organisation id>&providerName=…&title=…`.
 */
export default function CaseEditPage() {
  const [params] = useSearchParams();
  const { data: session } = useSession();
  const kind = params.get("kind");
  if (!isOpenKind(kind)) return <Navigate to="/console/cases" replace />;
  if (session && BY_ORGANISATION(kind) && openingMemberships(session.user, kind).length === 0) return <Navigate to="/console/cases" replace />;
  const text = (name: string, max: number) => params.get(name)?.trim().slice(0, max) || undefined;
  const providerId = text("provider", 100);
  const prefill: Prefill = {
    title: text("title", 200),
    datasetId: kind === "correction" ? text("datasetId", 100) : undefined,
    provider: kind === "correction" && providerId ? { id: providerId, name: text("providerName", 200) ?? providerId } : undefined,
  };
  return <NewCase key={kind} kind={kind} prefill={prefill} />;
}

function NewCase({ kind, prefill }: { kind: OpenKind; prefill: Prefill }) {
  const { t, i18n } = useTranslation();
  const title = t(PAGES[kind].title);
  usePageTitle(title);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: session } = useSession();
  const memberships = (BY_ORGANISATION(kind) ? openingMemberships(session?.user, kind) : session?.user?.memberships) ?? [];
  const [form] = Form.useForm<Values>();
  const open = useOpenCase();
  const [error, setError] = useState<unknown>(null);

  const asOrg = Form.useWatch("asOrganisationId", form) ?? memberships[0]?.organisationId ?? AS_SELF;
  const acting: Membership | undefined = memberships.find((m) => m.organisationId === asOrg);
  // 004 §29: departments and authorities name the provider; anyone else goes through the authority (002 §20 §22).
  const mayNameProvider = acting?.organisationKind === "department" || acting?.organisationKind === "authority";
  const routeValue = Form.useWatch("route", form);
  const counterpart = Form.useWatch(["payload", "counterpartOrganisationId"], form) as string | undefined;
  const route = kind === "data_demand" ? (mayNameProvider ? (routeValue ?? "submit") : "submit_to_authority") : "submit";
  const action = PAGES[kind].action ?? route;
  const fields = PAGES[kind].fields ?? (route === "submit" ? DEMAND_TO_PROVIDER : DEMAND_TO_AUTHORITY);
  const handlerKeys = PAGES[kind].handler;
  const handler = handlerKeys ? { label: t(handlerKeys[0]), hint: t(handlerKeys[1]) } : null;

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
    if (handler) input.handlerOrganisationId = v.handlerOrganisationId;
    if (kind === "correction") {
      const datasetId = (v.datasetId ?? "").trim();
      input.subject = { type: "dataset", id: datasetId };
      input.payload = { datasetId, ...payload };
    } else if (kind === "data_demand") {
      input.action = route;
      input.payload = { title: v.title.trim(), ...payload };
    } else if (kind === "dispute") {
      input.payload = { subject: v.title.trim(), ...payload };
    } else {
      const grounds = payload.grounds as string[] | undefined;
      input.payload = {
        ...payload,
        grounds: grounds?.map((description) => ({ description })),
        deadline: payload.deadline === undefined ? undefined : { workdays: payload.deadline },
      };
    }
    open.mutate(input, {
      onSuccess: (c) => {
        void message.success(t("cases.submitted"));
        navigate(`/console/cases/${c.id}`, { replace: true });
      },
      onError: (e) => {
        const known = ["title", "handlerOrganisationId", "asOrganisationId", "datasetId", ...fields.map((f) => `payload.${f.name}`)];
        const placed = placeCaseErrors(form, remapErrors(e), i18n.language, known);
        if (!placed) setError(e);
      },
    });
  };

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to="/console/cases">← {t("cases.title")}</Link>
      <Typography.Title level={1}>{title}</Typography.Title>
      <Typography.Paragraph className="form-note">{t(PAGES[kind].intro)}</Typography.Paragraph>
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
          {handler ? (
            <Form.Item
              name="handlerOrganisationId"
              label={handler.label}
              htmlFor="case-provider"
              extra={handler.hint}
              rules={[{ required: true, message: t("validation.requiredSelect", { field: handler.label }) }]}
            >
              <OrganisationPicker id="case-provider" known={prefill.provider} />
            </Form.Item>
          ) : null}
          {kind === "correction" ? (
            <>
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
            <CaseField key={`${action}-${f.name}`} spec={f} kind={kind} action={action} idPrefix="new" />
          ))}
          {kind === "dispute" ? <DisputeRoutingNote from={acting?.organisationId} to={counterpart} /> : null}
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

/** 004 §25: the authority that will coordinate, once both parties are known; the general rule until then. */
function DisputeRoutingNote({ from, to }: { from?: string; to?: string }) {
  const { t, i18n } = useTranslation();
  const routing = useDisputeRouting(from, to);
  if (routing.error) {
    return (
      <div className="form-error">
        <ErrorAlert error={routing.error} />
      </div>
    );
  }
  const r = routing.data;
  if (!r) return <Alert className="form-error" type="info" showIcon title={t("cases.disputeRouting")} />;
  return (
    <Alert
      className="form-error"
      type="info"
      showIcon
      title={t("cases.disputeCoordinator", { authority: r.authority?.name ?? t("cases.unregisteredAuthority"), basis: r.basis })}
      description={i18n.language === "en" ? r.then.en : r.then.zh}
    />
  );
}

/** Errors on payload values that have their own form field (ERROR_FIELDS) moved onto that field. */
function remapErrors(e: unknown): unknown {
  if (!(e instanceof Error) || !("fields" in e)) return e;
  const err = e as Error & { fields: { path: string }[] };
  for (const f of err.fields) f.path = ERROR_FIELDS.get(f.path) ?? f.path;
  return e;
}
