import { BellOutlined } from "@ant-design/icons";
import { Badge } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useNotifications } from "../api/queries";

/** The header's bell: unread notifications, read again every minute; opens the list. */
export function NotificationBell() {
  const { t } = useTranslation();
  const list = useNotifications(true, 1, { poll: true });
  const unread = list.data?.unread ?? 0;
  return (
    <Link
      to="/console/notifications"
      className="header-bell"
      aria-label={unread ? t("notifications.bellUnread", { count: unread }) : t("notifications.bell")}
    >
      <Badge count={unread} size="small" overflowCount={99}>
        <BellOutlined aria-hidden className="header-bell-icon" />
      </Badge>
    </Link>
  );
}
