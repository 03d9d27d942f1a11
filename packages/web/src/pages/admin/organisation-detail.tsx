import { EditOutlined, UserAddOutlined } from "@ant-design/icons";
import { App, Badge, Button, Card, Descriptions, Empty, Popconfirm, Skeleton, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { OrganisationKind, User } from "../../api/types";
import { useOrganisation, useOrganisationUsers, useUpdateOrganisationUser } from "../../api/queries";
import { ErrorAlert, errorText } from "../../components/error-alert";
import { KindTag, RoleTags } from "../../components/tags";
import { formatDate, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/use-page-title";
import { AddUserModal, EditRolesModal } from "./organisation-user-edit";

const PAGE_SIZE = 20;

/** One organisation and its users: add, change roles, disable / enable. */
export default function OrganisationDetailPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const org = useOrganisation(id);
  usePageTitle(org.data?.name ?? t("organisations.detailTitle"));
  const navigate = useNavigate();

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to="/console/organisations">← {t("organisations.title")}</Link>
      {org.isPending ? (
        <Skeleton active />
      ) : org.isError ? (
        <ErrorAlert error={org.error} onRetry={() => void org.refetch()} />
      ) : (
        <>
          <div className="page-heading">
            <Typography.Title level={1}>{org.data.name}</Typography.Title>
            <Button icon={<EditOutlined aria-hidden />} onClick={() => navigate(`/console/organisations/${id}/edit`)}>
              {t("app.edit")}
            </Button>
          </div>
          <Card title={<h2 className="card-title">{t("organisations.detailTitle")}</h2>}>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              items={[
                { key: "kind", label: t("organisations.kind"), children: <KindTag kind={org.data.kind} /> },
                { key: "region", label: t("organisations.region"), children: `${org.data.regionName}（${org.data.regionCode}）` },
                { key: "credit", label: t("organisations.creditCode"), children: org.data.creditCode ?? t("app.none") },
                { key: "users", label: t("organisations.userCount"), children: org.data.userCount },
                { key: "created", label: t("organisations.createdAt"), children: formatDateTime(org.data.createdAt, lang) },
              ]}
            />
          </Card>
          <OrganisationUsers organisationId={id} kind={org.data.kind} />
        </>
      )}
    </Space>
  );
}

function OrganisationUsers({ organisationId, kind }: { organisationId: string; kind: OrganisationKind }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [page, setPage] = useState(1);
  const users = useOrganisationUsers(organisationId, page, PAGE_SIZE);
  const update = useUpdateOrganisationUser(organisationId);
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);

  const setDisabled = (user: User, disabled: boolean) =>
    update.mutateAsync({ userId: user.id, patch: { disabled } }).then(
      () => void message.success(disabled ? t("users.disabledDone") : t("users.enabledDone")),
      (e: unknown) => void message.error(errorText(e, lang, t("app.genericError"))),
    );

  const rolesHere = (u: User) => u.memberships.find((m) => m.organisationId === organisationId)?.roles ?? [];

  return (
    <Card
      title={<h2 className="card-title">{t("users.title")}</h2>}
      extra={
        <Button type="primary" icon={<UserAddOutlined aria-hidden />} onClick={() => setAdding(true)}>
          {t("users.add")}
        </Button>
      }
    >
      {users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<User>
          rowKey="id"
          loading={users.isFetching}
          dataSource={users.data?.items}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: <Empty description={t("users.empty")} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: users.data?.total ?? 0,
            showTotal: (total) => t("users.total", { total }),
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          columns={[
            { key: "login", title: t("users.login"), dataIndex: "login" },
            { key: "name", title: t("users.name"), dataIndex: "name" },
            { key: "roles", title: t("users.roles"), render: (_, u) => <RoleTags roles={rolesHere(u)} /> },
            {
              key: "status",
              title: t("users.status"),
              render: (_, u) =>
                u.disabled ? (
                  <Badge status="default" text={t("users.disabled")} />
                ) : (
                  <Badge status="success" text={t("users.active")} />
                ),
            },
            { key: "created", title: t("profile.createdAt"), render: (_, u) => formatDate(u.createdAt, lang) },
            {
              key: "actions",
              title: t("users.actions"),
              render: (_, u) => (
                <Space size="small">
                  <Button size="small" onClick={() => setEditing(u)} aria-label={`${t("users.editRoles")}: ${u.name}`}>
                    {t("users.editRoles")}
                  </Button>
                  <Popconfirm
                    title={u.disabled ? t("users.enableConfirm", { name: u.name }) : t("users.disableConfirm", { name: u.name })}
                    okText={u.disabled ? t("users.enable") : t("users.disable")}
                    okButtonProps={{ danger: !u.disabled }}
                    cancelText={t("app.cancel")}
                    onConfirm={() => void setDisabled(u, !u.disabled)}
                  >
                    <Button
                      size="small"
                      danger={!u.disabled}
                      loading={update.isPending && update.variables?.userId === u.id}
                      aria-label={`${u.disabled ? t("users.enable") : t("users.disable")}: ${u.name}`}>
                      {u.disabled ? t("users.enable") : t("users.disable")}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
      <AddUserModal organisationId={organisationId} kind={kind} open={adding} onClose={() => setAdding(false)} />
      <EditRolesModal organisationId={organisationId} kind={kind} user={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
