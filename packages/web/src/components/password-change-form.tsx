import { Alert, App, Button, Form, Input } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../api/client";
import { useChangePassword, useProfile } from "../api/queries";
import { applyServerErrors } from "../lib/form-errors";
import { confirmRules, newPasswordRules, required } from "../lib/validators";
import { ErrorAlert } from "./error-alert";

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Current password, new password twice; POST /me/password. */
export function PasswordChangeForm({ loginName, onChanged }: { loginName: string; onChanged?: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { data: profile } = useProfile();
  const change = useChangePassword();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const minLength = profile?.passwordPolicy.minLength ?? 10;

  const onFinish = (v: Values) => {
    setError(null);
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t("password.changed"));
          onChanged?.();
        },
        onError: (e) => {
          if (isApiError(e) && e.code === "invalid_credentials") {
            form.setFields([{ name: "currentPassword", errors: [e.text(i18n.language)] }]);
            return;
          }
          if (!applyServerErrors(form, e, i18n.language, ["currentPassword", "newPassword"])) setError(e);
        },
      },
    );
  };

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} requiredMark className="narrow-form" name="password">
      {profile && (
        <Alert
          type="info"
          showIcon
          className="form-note"
          title={t("password.policy", { min: minLength, days: profile.passwordPolicy.maxAgeDays })}
        />
      )}
      <Form.Item
        name="currentPassword"
        label={t("password.current")}
        rules={[required(t, t("password.current"))]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t("password.new")}
        dependencies={["currentPassword"]}
        rules={[
          ...newPasswordRules(t, i18n.language, { field: t("password.new"), minLength, loginName: () => loginName }),
          ({ getFieldValue }) => ({
            validator: async (_r, value: string | undefined) => {
              if (value && value === getFieldValue("currentPassword")) throw new Error(t("validation.passwordSame"));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t("password.confirm")}
        dependencies={["newPassword"]}
        rules={confirmRules(t, t("password.confirm"), "newPassword")}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {error ? <ErrorAlert error={error} /> : null}
      <Form.Item className="form-actions">
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t("password.submit")}
        </Button>
      </Form.Item>
    </Form>
  );
}
