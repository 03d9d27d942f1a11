import { App, Checkbox, Form, Input, Modal } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { rolesAllowedFor } from "@shuyuan/core/identity/roles";
import type { OrganisationKind, Role, User } from "../../api/types";
import { useAddOrganisationUser, useProfile, useUpdateOrganisationUser } from "../../api/queries";
import { ErrorAlert } from "../../components/error-alert";
import { applyServerErrors } from "../../lib/form-errors";
import {
  citizenIdRules,
  emailRules,
  loginRules,
  newPasswordRules,
  optional,
  personNameRules,
  phoneRules,
} from "../../lib/validators";

/** The roles an organisation of this kind may give (core's rule), as checkboxes. */
function RoleCheckboxes({ kind, ...props }: { kind: OrganisationKind; id?: string; value?: Role[]; onChange?: (v: Role[]) => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      {...props}
      aria-label={t("users.roles")}
      className="role-checkboxes"
      options={rolesAllowedFor(kind).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
    />
  );
}

interface AddValues {
  login: string;
  name: string;
  citizenId: string;
  phone?: string;
  email?: string;
  roles: Role[];
  initialPassword: string;
}

const ADD_FIELDS = ["login", "name", "citizenId", "phone", "email", "roles", "initialPassword"];

/** Adds a user to the organisation with roles and an initial password (changed at first login). */
export function AddUserModal({
  organisationId,
  kind,
  open,
  onClose,
}: {
  organisationId: string;
  kind: OrganisationKind;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<AddValues>();
  const add = useAddOrganisationUser(organisationId);
  const { data: profile } = useProfile();
  const [error, setError] = useState<unknown>(null);
  const { message } = App.useApp();
  const minLength = profile?.passwordPolicy.minLength ?? 10;

  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };

  const onFinish = (v: AddValues) => {
    setError(null);
    add.mutate(
      {
        login: v.login.trim(),
        name: v.name.trim(),
        citizenId: v.citizenId.trim().toUpperCase(),
        phone: optional(v.phone),
        email: optional(v.email),
        roles: v.roles,
        initialPassword: v.initialPassword,
      },
      {
        onSuccess: () => {
          void message.success(t("users.added"));
          close();
        },
        onError: (e) => {
          if (!applyServerErrors(form, e, i18n.language, ADD_FIELDS)) setError(e);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t("users.addTitle")}
      okText={t("users.add")}
      cancelText={t("app.cancel")}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={add.isPending}
      forceRender
    >
      <Form<AddValues> form={form} layout="vertical" name="add-user" onFinish={onFinish} initialValues={{ roles: [] }}>
        <Form.Item name="login" label={t("users.login")} rules={loginRules(t)}>
          <Input autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item name="name" label={t("users.name")} rules={personNameRules(t, t("users.name"))}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="citizenId"
          label={t("users.citizenId")}
          rules={citizenIdRules(t)}
          normalize={(v: string) => v?.toUpperCase()}
        >
          <Input maxLength={18} autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item name="phone" label={t("users.phone")} rules={phoneRules(t)}>
          <Input type="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label={t("users.email")} rules={emailRules(t)}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t("users.roles")}
          rules={[{ required: true, type: "array", min: 1, message: t("validation.rolesRequired") }]}
        >
          <RoleCheckboxes kind={kind} />
        </Form.Item>
        <Form.Item
          name="initialPassword"
          label={t("users.initialPassword")}
          dependencies={["login"]}
          extra={t("users.initialPasswordHelp", { min: minLength })}
          rules={newPasswordRules(t, i18n.language, {
            field: t("users.initialPassword"),
            minLength,
            loginName: () => form.getFieldValue("login"),
          })}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error ? <ErrorAlert error={error} /> : null}
      </Form>
    </Modal>
  );
}

/** Changes one user's roles in the organisation. */
export function EditRolesModal({
  organisationId,
  kind,
  user,
  onClose,
}: {
  organisationId: string;
  kind: OrganisationKind;
  user: User | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ roles: Role[] }>();
  const update = useUpdateOrganisationUser(organisationId);
  const [error, setError] = useState<unknown>(null);
  const { message } = App.useApp();
  const current = user?.memberships.find((m) => m.organisationId === organisationId)?.roles ?? [];

  useEffect(() => {
    if (user) {
      form.setFieldsValue({ roles: current });
      setError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);

  const onFinish = (v: { roles: Role[] }) => {
    if (!user) return;
    setError(null);
    update.mutate(
      { userId: user.id, patch: { roles: v.roles } },
      {
        onSuccess: () => {
          void message.success(t("users.rolesSaved"));
          onClose();
        },
        onError: (e) => {
          if (!applyServerErrors(form, e, i18n.language, ["roles"])) setError(e);
        },
      },
    );
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t("users.editRolesTitle", { name: user.name }) : ""}
      okText={t("app.save")}
      cancelText={t("app.cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" name="edit-roles" onFinish={onFinish}>
        <Form.Item
          name="roles"
          label={t("users.rolesIn")}
          rules={[{ required: true, type: "array", min: 1, message: t("validation.rolesRequired") }]}
        >
          <RoleCheckboxes kind={kind} />
        </Form.Item>
        {error ? <ErrorAlert error={error} /> : null}
      </Form>
    </Modal>
  );
}
