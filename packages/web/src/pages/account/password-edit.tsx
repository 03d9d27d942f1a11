import { Alert, Card, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSession } from "../../api/queries";
import { PasswordChangeForm } from "../../components/password-change-form";
import { usePageTitle } from "../../lib/use-page-title";

/**
 * The forced-change screen: shown instead of the whole console while the server
 * says `mustChangePassword` (initial password, or older than the profile allows).
 */
export default function PasswordEditPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  usePageTitle(forced ? t("password.forcedTitle") : t("password.title"));
  const { data: session } = useSession();
  const user = session?.user;
  if (!user) return null;
  return (
    <div className="auth-page">
      <Card className="auth-card">
        <Typography.Title level={1} className="auth-title">
          {forced ? t("password.forcedHeading") : t("password.title")}
        </Typography.Title>
        {forced && <Alert type="warning" showIcon className="form-note" title={t("password.forcedReason")} />}
        <PasswordChangeForm loginName={user.login} />
      </Card>
    </div>
  );
}
