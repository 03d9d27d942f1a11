import { AuditOutlined, DatabaseOutlined, FileSearchOutlined, GlobalOutlined, ShareAltOutlined, SolutionOutlined } from "@ant-design/icons";
import { Alert, Card, Col, Descriptions, Row, Skeleton, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useProfile, useSession } from "../../api/queries";
import { ErrorAlert } from "../../components/error-alert";
import { useRegionName } from "../../components/region-name";
import { usePageTitle } from "../../lib/use-page-title";

/** The portal's front page: whose platform this is, and what it does today. */
export default function HomePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("home.title"));
  const profile = useProfile();
  const { data: session } = useSession();
  const user = session?.user ?? null;
  // The profile names the rules in force; the jurisdiction is its region.
  const rules = profile.data ? (i18n.language === "en" ? profile.data.name.en : profile.data.name.zh) : "";
  const region = useRegionName(profile.data?.regionCode);

  const what = [
    { key: "catalog", icon: <DatabaseOutlined aria-hidden /> },
    { key: "share", icon: <ShareAltOutlined aria-hidden /> },
    { key: "open", icon: <GlobalOutlined aria-hidden /> },
    { key: "audit", icon: <AuditOutlined aria-hidden /> },
  ] as const;
  // 办事: a logged-out visitor following these is sent to log in first, then back here.
  const services = [
    { kind: "data_demand", icon: <SolutionOutlined aria-hidden /> },
    { kind: "correction", icon: <FileSearchOutlined aria-hidden /> },
  ] as const;

  return (
    <div className="home">
      <section className="home-hero" aria-labelledby="home-heading">
        {profile.isPending ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : profile.isError ? (
          <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />
        ) : (
          <>
            <Typography.Title id="home-heading" level={1}>
              {region ? t("home.heading", { region }) : t("home.headingFallback")}
            </Typography.Title>
            <Typography.Paragraph className="home-tagline">{t("app.tagline")}</Typography.Paragraph>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: "j",
                  label: t("home.jurisdiction"),
                  children: region ? `${region}（${profile.data.regionCode}）` : profile.data.regionCode,
                },
                { key: "r", label: t("home.rules"), children: rules },
              ]}
            />
          </>
        )}
        <Typography.Paragraph className="home-lead">{t("home.lead")}</Typography.Paragraph>
        <Space wrap>
          {user ? (
            <>
              <Typography.Text>{t("home.welcomeBack", { name: user.name })}</Typography.Text>
              <Link to="/console" className="header-link header-link-primary">
                {t("home.consoleCta")}
              </Link>
            </>
          ) : (
            <>
              <Link to="/register" className="header-link header-link-primary">
                {t("home.registerCta")}
              </Link>
              <Link to="/login" className="header-link">
                {t("home.loginCta")}
              </Link>
            </>
          )}
        </Space>
      </section>

      <section aria-labelledby="home-services">
        <Typography.Title id="home-services" level={2}>
          {t("home.servicesTitle")}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {services.map((s) => (
            <Col key={s.kind} xs={24} md={12}>
              <Card className="home-card">
                <div className="home-card-icon">{s.icon}</div>
                <Typography.Title level={3} className="home-service-title">
                  <Link to={`/console/cases/new?kind=${s.kind}`}>{t(`home.services.${s.kind}.title`)}</Link>
                </Typography.Title>
                <Typography.Paragraph>{t(`home.services.${s.kind}.text`)}</Typography.Paragraph>
              </Card>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph className="home-services-note">
          {user ? <Link to="/console/cases">{t("home.myCases")}</Link> : t("home.servicesLogin")}
        </Typography.Paragraph>
      </section>

      <section aria-labelledby="home-what">
        <Typography.Title id="home-what" level={2}>
          {t("home.whatTitle")}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {what.map((w) => (
            <Col key={w.key} xs={24} sm={12} lg={6}>
              <Card className="home-card">
                <div className="home-card-icon">{w.icon}</div>
                <Typography.Paragraph>{t(`home.what.${w.key}`)}</Typography.Paragraph>
              </Card>
            </Col>
          ))}
        </Row>
        <Alert className="home-status" type="info" showIcon title={t("home.statusNote")} />
      </section>
    </div>
  );
}
