import { Alert, Button, Card, Descriptions, Empty, Skeleton, Space, Table, Timeline, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { useCase } from "../../api/queries";
import type { CaseAction, CaseClock, CaseDetail, CaseParty, OrganisationRef } from "../../api/types";
import { CaseData } from "../../components/case-data";
import { CaseKindTag, CaseStateTag, ClockStateTag, DaysLeft } from "../../components/case-tags";
import { ErrorAlert } from "../../components/error-alert";
import { ShortId } from "../../components/short-id";
import { bilingual, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/use-page-title";
import { CaseActionForm } from "./case-action-form";

/** A case: who is in it, its clocks, its full timeline, and what the caller may do now. */
export default function CaseDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const kase = useCase(id);
  usePageTitle(kase.data?.title ?? t("cases.detailTitle"));

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to="/console/cases">← {t("cases.title")}</Link>
      {kase.isPending ? (
        <Skeleton active />
      ) : kase.isError ? (
        <ErrorAlert error={kase.error} onRetry={() => void kase.refetch()} />
      ) : (
        <CaseView kase={kase.data} onReload={() => void kase.refetch()} />
      )}
    </Space>
  );
}

function CaseView({ kase, onReload }: { kase: CaseDetail; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [acting, setActing] = useState<CaseAction | null>(null);
  const orgName = (o: OrganisationRef | null) => (o ? (o.name ?? o.id) : <span className="muted">{t("app.none")}</span>);
  const clockLabel = (name: string) => {
    const c = kase.clocks.find((k) => k.name === name);
    return c ? bilingual(c.label, lang) : name;
  };
  const warnings = [...new Map(kase.clocks.flatMap((c) => c.warnings).map((w) => [w.year, w])).values()];
  const thirdPartyView = kase.you.parties.length > 0 && kase.you.parties.every((p) => p === "third_party");
  const thirdParties = [
    ...kase.participants.thirdParties.map((o) => o?.name ?? o?.id),
    ...kase.participants.thirdPartyUsers.map((u) => u.name ?? u.id),
  ];

  return (
    <>
      <div>
        <Typography.Title level={1}>{kase.title}</Typography.Title>
        <Space wrap>
          <CaseKindTag kind={kase.kind} label={kase.kindLabel} />
          <CaseStateTag label={kase.stateLabel} terminal={kase.terminal} />
          <span className="muted">
            {t("cases.caseNo")} <ShortId id={kase.id} />
          </span>
        </Space>
      </div>

      <Card title={<h2 className="card-title">{t("cases.actions")}</h2>}>
        {kase.you.actions.length ? (
          <Space wrap>
            {kase.you.actions.map((a) => (
              <Button key={a.name} type={a.name === "withdraw" ? "default" : "primary"} onClick={() => setActing(a)}>
                {bilingual(a.label, lang)}
              </Button>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{kase.terminal ? t("cases.closed") : t("cases.noActions")}</Typography.Text>
        )}
      </Card>

      <Card title={<h2 className="card-title">{t("cases.overview")}</h2>}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "kind", label: t("cases.kind"), children: bilingual(kase.kindLabel, lang) },
            { key: "state", label: t("cases.state"), children: bilingual(kase.stateLabel, lang) },
            { key: "opened", label: t("cases.openedOn"), children: kase.openedOn },
            { key: "version", label: t("cases.version"), children: kase.version },
            // A third party sees its consultation only: no applicant or authority (000 §19).
            ...(thirdPartyView
              ? []
              : [
                  {
                    key: "applicant",
                    label: t("cases.parties.applicant"),
                    children: kase.participants.applicant.organisation
                      ? orgName(kase.participants.applicant.organisation)
                      : t("cases.naturalPerson"),
                  },
                ]),
            { key: "handler", label: t("cases.parties.handler"), children: orgName(kase.participants.handler) },
            ...(thirdPartyView ? [] : [{ key: "authority", label: t("cases.parties.authority"), children: orgName(kase.participants.authority) }]),
            ...(thirdParties.length ? [{ key: "third", label: t("cases.parties.third_party"), children: thirdParties.join("、") }] : []),
            ...(kase.subject
              ? [{ key: "subject", label: t("cases.subject"), children: <span className="mono">{`${kase.subject.type}: ${kase.subject.id ?? ""}`}</span> }]
              : []),
            { key: "basis", label: t("cases.basis"), children: kase.basis },
            {
              key: "you",
              label: t("cases.yourRole"),
              children: kase.you.parties.length
                ? kase.you.parties.map((p) => t(`cases.parties.${p}`)).join("、")
                : t("cases.supervisor"),
            },
          ]}
        />
      </Card>

      <Card title={<h2 className="card-title">{t("cases.clocks")}</h2>}>
        {warnings.map((w) => (
          <Alert key={w.year} className="case-warning" type="warning" showIcon title={bilingual(w.message, lang)} />
        ))}
        <Table<CaseClock>
          rowKey="name"
          pagination={false}
          dataSource={kase.clocks}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: <Empty description={t("cases.noClocks")} /> }}
          columns={[
            { key: "name", title: t("cases.clockName"), render: (_, c) => bilingual(c.label, lang) },
            { key: "started", title: t("cases.startedOn"), dataIndex: "startedOn" },
            {
              key: "length",
              title: t("cases.lengthWd"),
              render: (_, c) =>
                c.lengthWd === null
                  ? t("cases.untimed")
                  : c.extendedWd
                    ? t("cases.lengthExtended", { length: c.lengthWd, extra: c.extendedWd })
                    : t("cases.workdaysCount", { count: c.lengthWd }),
            },
            { key: "due", title: t("cases.dueOn"), render: (_, c) => c.dueOn ?? t("cases.untimed") },
            { key: "paused", title: t("cases.pausedDays"), render: (_, c) => t("cases.workdaysCount", { count: c.pausedDays }) },
            { key: "state", title: t("cases.clockState"), render: (_, c) => <ClockStateTag state={c.state} /> },
            {
              key: "left",
              title: t("cases.daysLeftColumn"),
              render: (_, c) =>
                c.state === "stopped" ? (
                  c.late ? (
                    <span>{t("cases.stoppedLate", { date: c.stoppedOn, count: c.overdueWd })}</span>
                  ) : (
                    <span>{t("cases.stoppedOnTime", { date: c.stoppedOn })}</span>
                  )
                ) : (
                  <DaysLeft due={c} />
                ),
            },
            { key: "basis", title: t("cases.basis"), dataIndex: "basis" },
          ]}
        />
      </Card>

      <Card title={<h2 className="card-title">{t("cases.timeline")}</h2>}>
        <Timeline
          items={kase.timeline.map((e) => ({
            key: e.seq,
            color: e.actor.party === "system" ? "gray" : e.fromState === null ? "green" : "blue",
            content: (
              <article className="case-timeline-entry" aria-label={bilingual(e.label, lang)}>
                <h3 className="case-timeline-title">{bilingual(e.label, lang)}</h3>
                <Typography.Text type="secondary">
                  {who(e.actor, t)} · <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> ·{" "}
                  {t("cases.effectiveOn", { date: e.effectiveOn })}
                  {e.basis ? ` · ${e.basis}` : ""}
                </Typography.Text>
                <CaseData data={e.data} caseId={kase.id} clockLabel={clockLabel} />
              </article>
            ),
          }))}
        />
      </Card>

      {acting ? <CaseActionForm kase={kase} action={acting} onClose={() => setActing(null)} onReload={onReload} /> : null}
    </>
  );
}

function who(
  actor: { party: CaseParty; name: string | null; organisationName: string | null },
  t: (key: string) => string,
): string {
  if (actor.party === "system") return t("cases.parties.system");
  const party = t(`cases.parties.${actor.party}`);
  const names = [actor.organisationName, actor.name].filter(Boolean).join(" ");
  return names ? `${names}（${party}）` : party;
}
