import { Card, Descriptions, Empty, Skeleton, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Membership } from "../../api/types";
import { useMe, useProfile } from "../../api/queries";
import { ErrorAlert } from "../../components/error-alert";
import { PasswordChangeForm } from "../../components/password-change-form";
import { KindTag, RoleTags } from "../../components/tags";
import { formatDate, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/use-page-title";

const DAY_MS = 86_400_000;

/** The logged-in user's own account, memberships, and password change. */
export default function ProfileDetailPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("profile.title"));
  const me = useMe();
  const { data: profile } = useProfile();
  const lang = i18n.language;

  if (me.isPending) return <Skeleton active />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  const user = me.data;

  const maxAge = profile?.passwordPolicy.maxAgeDays;
  const expires =
    user.passwordChangedAt && maxAge ? new Date(new Date(user.passwordChangedAt).getTime() + maxAge * DAY_MS).toISOString() : null;

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("profile.title")}</Typography.Title>

      <Card title={<h2 className="card-title">{t("profile.account")}</h2>}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "login", label: t("profile.login"), children: user.login },
            {
              key: "name",
              label: t("profile.name"),
              children: (
                <Space size="small">
                  {user.name}
                  {user.platformAdmin && <Tag color="red">{t("profile.platformAdmin")}</Tag>}
                </Space>
              ),
            },
            { key: "cid", label: t("profile.citizenId"), children: user.citizenIdMasked },
            { key: "phone", label: t("profile.phone"), children: user.phone || t("app.none") },
            { key: "email", label: t("profile.email"), children: user.email || t("app.none") },
            { key: "created", label: t("profile.createdAt"), children: formatDateTime(user.createdAt, lang) },
            {
              key: "pwd",
              label: t("profile.passwordChangedAt"),
              children: user.passwordChangedAt ? formatDateTime(user.passwordChangedAt, lang) : t("app.never"),
            },
            ...(expires ? [{ key: "exp", label: t("profile.passwordExpires"), children: formatDate(expires, lang) }] : []),
          ]}
        />
      </Card>

      <Card title={<h2 className="card-title">{t("profile.memberships")}</h2>}>
        <Table<Membership>
          rowKey="organisationId"
          dataSource={user.memberships}
          pagination={false}
          size="small"
          locale={{ emptyText: <Empty description={t("profile.noMemberships")} /> }}
          columns={[
            { key: "org", title: t("profile.organisation"), dataIndex: "organisationName" },
            { key: "kind", title: t("profile.kind"), render: (_, m) => <KindTag kind={m.organisationKind} /> },
            { key: "roles", title: t("profile.roles"), render: (_, m) => <RoleTags roles={m.roles} /> },
          ]}
        />
      </Card>

      <Card title={<h2 className="card-title">{t("password.title")}</h2>}>
        <PasswordChangeForm loginName={user.login} onChanged={() => void me.refetch()} />
      </Card>
    </Space>
  );
}
