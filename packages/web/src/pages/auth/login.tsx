import { Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { isApiError } from "../../api/client";
import { useLogin, useSession } from "../../api/queries";
import { ErrorAlert } from "../../components/error-alert";
import { formatDateTime, safeNext } from "../../lib/format";
import { required } from "../../lib/validators";
import { usePageTitle } from "../../lib/use-page-title";

interface Values {
  login: string;
  password: string;
}

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("auth.loginTitle"));
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const { data: session } = useSession();
  const login = useLogin();
  const [error, setError] = useState<unknown>(null);

  if (session?.user && !login.isPending && !login.isSuccess) return <Navigate to={next} replace />;

  const onFinish = (v: Values) => {
    setError(null);
    login.mutate(
      { login: v.login.trim(), password: v.password },
      { onSuccess: () => navigate(next, { replace: true }), onError: setError },
    );
  };

  const lockedUntil =
    isApiError(error) && error.code === "account_locked" && typeof error.extra.lockedUntil === "string"
      ? error.extra.lockedUntil
      : null;

  return (
    <div className="auth-page">
      <Card className="auth-card">
        <Typography.Title level={1} className="auth-title">
          {t("auth.loginHeading")}
        </Typography.Title>
        <Form<Values> layout="vertical" name="login" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="login" label={t("auth.login")} rules={[required(t, t("auth.login"))]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t("auth.password")} rules={[required(t, t("auth.password"))]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error ? (
            <div className="form-error">
              <ErrorAlert
                error={error}
                title={lockedUntil ? t("auth.lockedUntil", { time: formatDateTime(lockedUntil, i18n.language) }) : undefined}
              />
            </div>
          ) : null}
          <Form.Item>
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t("auth.loginSubmit")}
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph className="auth-switch">
          {t("auth.noAccount")} <Link to="/register">{t("auth.registerLink")}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
