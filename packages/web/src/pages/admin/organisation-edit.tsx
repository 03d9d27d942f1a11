import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Skeleton, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ORGANISATION_KINDS, type Organisation, type OrganisationKind } from "../../api/types";
import { useCreateOrganisation, useOrganisation, useUpdateOrganisation } from "../../api/queries";
import { ErrorAlert } from "../../components/error-alert";
import { RegionCascader } from "../../components/region-cascader";
import { KindTag } from "../../components/tags";
import { applyServerErrors } from "../../lib/form-errors";
import { creditCodeRules, length, optional, required } from "../../lib/validators";
import { usePageTitle } from "../../lib/use-page-title";

/** /console/organisations/new creates; /console/organisations/:id/edit renames. */
export default function OrganisationEditPage() {
  const { id } = useParams();
  return id ? <RenameOrganisation id={id} /> : <CreateOrganisation />;
}

interface CreateValues {
  name: string;
  kind: OrganisationKind;
  region: string[];
  creditCode?: string;
}

function CreateOrganisation() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("organisations.createTitle"));
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateOrganisation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);

  const onFinish = (v: CreateValues) => {
    setError(null);
    create.mutate(
      {
        name: v.name.trim(),
        kind: v.kind,
        regionCode: v.region[v.region.length - 1],
        creditCode: optional(v.creditCode)?.toUpperCase(),
      },
      {
        onSuccess: (org) => {
          void message.success(t("organisations.created"));
          navigate(`/console/organisations/${org.id}`, { replace: true });
        },
        onError: (e) => {
          const placed = applyServerErrors(form, e, i18n.language, ["name", "kind", "region", "creditCode"], {
            regionCode: "region",
          });
          if (!placed) setError(e);
        },
      },
    );
  };

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to="/console/organisations">← {t("organisations.title")}</Link>
      <Typography.Title level={1}>{t("organisations.createTitle")}</Typography.Title>
      <Card>
        <Form<CreateValues> form={form} layout="vertical" name="organisation" onFinish={onFinish} className="narrow-form">
          <Form.Item
            name="name"
            label={t("organisations.name")}
            rules={[required(t, t("organisations.name")), ...length(t, t("organisations.name"), 2, 200)]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="kind" label={t("organisations.kind")} rules={[required(t, t("organisations.kind"), true)]}>
            <Select<OrganisationKind>
              options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`organisations.kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="region"
            label={t("organisations.region")}
            rules={[{ required: true, type: "array", min: 1, message: t("validation.requiredSelect", { field: t("organisations.region") }) }]}
          >
            <RegionCascader anyLevel placeholder={t("organisations.regionPlaceholder")} />
          </Form.Item>
          <Form.Item
            name="creditCode"
            label={t("organisations.creditCode")}
            extra={t("organisations.creditCodeOptional")}
            rules={creditCodeRules(t, false)}
            normalize={(v: string) => v?.toUpperCase()}
          >
            <Input maxLength={18} autoComplete="off" spellCheck={false} />
          </Form.Item>
          {error ? (
            <div className="form-error">
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t("app.create")}
            </Button>
            <Button onClick={() => navigate("/console/organisations")}>{t("app.cancel")}</Button>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}

function RenameOrganisation({ id }: { id: string }) {
  const { t } = useTranslation();
  usePageTitle(t("organisations.editTitle"));
  const org = useOrganisation(id);

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to={`/console/organisations/${id}`}>← {org.data?.name ?? t("organisations.detailTitle")}</Link>
      <Typography.Title level={1}>{t("organisations.editTitle")}</Typography.Title>
      {org.isPending ? (
        <Skeleton active />
      ) : org.isError ? (
        <ErrorAlert error={org.error} onRetry={() => void org.refetch()} />
      ) : (
        <RenameForm org={org.data} />
      )}
    </Space>
  );
}

function RenameForm({ org }: { org: Organisation }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const update = useUpdateOrganisation(org.id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);

  const onFinish = (v: { name: string }) => {
    setError(null);
    update.mutate(
      { name: v.name.trim() },
      {
        onSuccess: () => {
          void message.success(t("organisations.saved"));
          navigate(`/console/organisations/${org.id}`);
        },
        onError: (e) => {
          if (!applyServerErrors(form, e, i18n.language, ["name"])) setError(e);
        },
      },
    );
  };

  return (
    <Card>
      <Form form={form} layout="vertical" name="organisation-edit" initialValues={{ name: org.name }} onFinish={onFinish} className="narrow-form">
        <Form.Item
          name="name"
          label={t("organisations.name")}
          rules={[required(t, t("organisations.name")), ...length(t, t("organisations.name"), 2, 200)]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: "kind", label: t("organisations.kind"), children: <KindTag kind={org.kind} /> },
            { key: "region", label: t("organisations.region"), children: org.regionName },
            { key: "credit", label: t("organisations.creditCode"), children: org.creditCode ?? t("app.none") },
          ]}
        />
        <Alert type="info" showIcon className="form-note" title={t("organisations.notEditable")} />
        {error ? (
          <div className="form-error">
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t("app.save")}
          </Button>
          <Button onClick={() => navigate(`/console/organisations/${org.id}`)}>{t("app.cancel")}</Button>
        </Space>
      </Form>
    </Card>
  );
}
