import { Alert, App, Button, Card, Form, Input, Radio, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate } from "react-router-dom";
import type { RegisterInput } from "../../api/types";
import { useProfile, useRegister, useSession } from "../../api/queries";
import { ErrorAlert } from "../../components/error-alert";
import { RegionCascader } from "../../components/region-cascader";
import { applyServerErrors } from "../../lib/form-errors";
import {
  citizenIdRules,
  confirmRules,
  creditCodeRules,
  emailRules,
  length,
  loginRules,
  newPasswordRules,
  optional,
  personNameRules,
  phoneRules,
  required,
} from "../../lib/validators";
import { usePageTitle } from "../../lib/use-page-title";

interface Values {
  accountKind: "natural" | "legal";
  organisation?: { name: string; creditCode: string; region: string[] };
  name: string;
  citizenId: string;
  phone?: string;
  email?: string;
  login: string;
  password: string;
  confirmPassword: string;
}

const KNOWN_FIELDS = [
  "accountKind",
  "organisation.name",
  "organisation.creditCode",
  "organisation.region",
  "name",
  "citizenId",
  "phone",
  "email",
  "login",
  "password",
];

/** Natural-person or legal-person registration; on success the user is logged in. */
export default function RegisterPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("auth.registerTitle"));
  const profile = useProfile();
  const { data: session } = useSession();
  const register = useRegister();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const accountKind = Form.useWatch("accountKind", form);

  if (session?.user && !register.isPending && !register.isSuccess) return <Navigate to="/console" replace />;

  if (profile.isPending) {
    return (
      <div className="auth-page">
        <Card className="auth-card auth-card-wide">
          <Skeleton active />
        </Card>
      </div>
    );
  }
  if (profile.isError) {
    return (
      <div className="auth-page">
        <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />
      </div>
    );
  }

  const naturalAllowed = profile.data.naturalPersonsMayRegister;
  const minLength = profile.data.passwordPolicy.minLength;
  const jurisdiction = i18n.language === "en" ? profile.data.name.en : profile.data.name.zh;
  const legal = accountKind === "legal";

  const onFinish = (v: Values) => {
    setError(null);
    const body: RegisterInput = {
      accountKind: v.accountKind,
      login: v.login.trim(),
      password: v.password,
      name: v.name.trim(),
      citizenId: v.citizenId.trim().toUpperCase(),
      phone: optional(v.phone),
      email: optional(v.email),
    };
    if (v.accountKind === "legal" && v.organisation) {
      body.organisation = {
        name: v.organisation.name.trim(),
        creditCode: v.organisation.creditCode.trim().toUpperCase(),
        regionCode: v.organisation.region[v.organisation.region.length - 1],
      };
    }
    register.mutate(body, {
      onSuccess: () => {
        void message.success(t("auth.registered"));
        navigate("/console", { replace: true });
      },
      onError: (e) => {
        const placed = applyServerErrors(form, e, i18n.language, KNOWN_FIELDS, {
          "organisation.regionCode": "organisation.region",
        });
        if (!placed) setError(e);
      },
    });
  };

  return (
    <div className="auth-page">
      <Card className="auth-card auth-card-wide">
        <Typography.Title level={1} className="auth-title">
          {t("auth.registerHeading")}
        </Typography.Title>
        <Form<Values>
          form={form}
          layout="vertical"
          name="register"
          onFinish={onFinish}
          initialValues={{ accountKind: naturalAllowed ? "natural" : "legal" }}
          scrollToFirstError={{ focus: true, block: "center" }}
        >
          <Form.Item
            name="accountKind"
            label={<span id="register-account-kind-label">{t("auth.accountKind")}</span>}
            rules={[required(t, t("auth.accountKind"), true)]}
            extra={legal ? t("auth.legalHint") : t("auth.naturalHint")}
          >
            <Radio.Group
              aria-labelledby="register-account-kind-label"
              aria-describedby={naturalAllowed ? undefined : "register-natural-note"}
              options={[
                { value: "natural", label: t("auth.natural"), disabled: !naturalAllowed },
                { value: "legal", label: t("auth.legal") },
              ]}
            />
          </Form.Item>
          {!naturalAllowed && (
            <Alert
              id="register-natural-note"
              className="form-note"
              type="info"
              showIcon
              title={t("auth.naturalNotAccepted", { jurisdiction })}
            />
          )}

          {legal && (
            <fieldset className="form-section">
              <legend>{t("auth.orgSection")}</legend>
              <Form.Item
                name={["organisation", "name"]}
                label={t("auth.orgName")}
                rules={[required(t, t("auth.orgName")), ...length(t, t("auth.orgName"), 2, 200)]}
              >
                <Input autoComplete="organization" />
              </Form.Item>
              <Form.Item
                name={["organisation", "creditCode"]}
                label={t("auth.creditCode")}
                rules={creditCodeRules(t)}
                normalize={(v: string) => v?.toUpperCase()}
              >
                <Input maxLength={18} autoComplete="off" spellCheck={false} />
              </Form.Item>
              <Form.Item
                name={["organisation", "region"]}
                label={t("auth.region")}
                rules={[{ required: true, type: "array", min: 1, message: t("validation.requiredSelect", { field: t("auth.region") }) }]}
              >
                <RegionCascader />
              </Form.Item>
            </fieldset>
          )}

          <fieldset className="form-section">
            <legend>{legal ? t("auth.representativeSection") : t("auth.personSection")}</legend>
            <Form.Item name="name" label={t("auth.name")} rules={personNameRules(t)}>
              <Input autoComplete="name" />
            </Form.Item>
            <Form.Item
              name="citizenId"
              label={t("auth.citizenId")}
              rules={citizenIdRules(t)}
              normalize={(v: string) => v?.toUpperCase()}
            >
              <Input maxLength={18} autoComplete="off" spellCheck={false} />
            </Form.Item>
            <Form.Item name="phone" label={t("auth.phone")} rules={phoneRules(t)}>
              <Input type="tel" autoComplete="tel" />
            </Form.Item>
            <Form.Item name="email" label={t("auth.email")} rules={emailRules(t)}>
              <Input type="email" autoComplete="email" />
            </Form.Item>
          </fieldset>

          <fieldset className="form-section">
            <legend>{t("auth.accountSection")}</legend>
            <Form.Item name="login" label={t("auth.login")} rules={loginRules(t)}>
              <Input autoComplete="username" spellCheck={false} />
            </Form.Item>
            <Form.Item
              name="password"
              label={t("auth.password")}
              dependencies={["login"]}
              extra={t("auth.passwordHelp", { min: minLength })}
              rules={newPasswordRules(t, i18n.language, {
                field: t("auth.password"),
                minLength,
                loginName: () => form.getFieldValue("login"),
              })}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirmPassword"
              label={t("auth.confirmPassword")}
              dependencies={["password"]}
              rules={confirmRules(t, t("auth.confirmPassword"), "password")}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </fieldset>

          {error ? (
            <div className="form-error">
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Form.Item>
            <Button type="primary" htmlType="submit" block loading={register.isPending}>
              {t("auth.registerSubmit")}
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph className="auth-switch">
          {t("auth.haveAccount")} <Link to="/login">{t("auth.loginLink")}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
