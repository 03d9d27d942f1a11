// The e-mail copy of a notice: both languages in subject and body (zh first), and a link into the web.
export interface NoticeMail {
  caseId: string | null;
  zh: string;
  en: string;
}

export function composeNoticeMail(n: NoticeMail, publicUrl: string): { subject: string; text: string } {
  // Notices outside a case (e.g. an entry's users told of its revocation) link to the notification list.
  const link = n.caseId ? `${publicUrl}/console/cases/${n.caseId}` : `${publicUrl}/console/notifications`;
  const [zhLink, enLink] = n.caseId ? ["查看办件", "View the case"] : ["查看通知", "View your notifications"];
  return {
    subject: `【数源】${n.zh} / Shuyuan: ${n.en}`,
    text: [
      n.zh,
      `${zhLink}：${link}`,
      "",
      n.en,
      `${enLink}: ${link}`,
      "",
      "--",
      "数源平台自动发送，请勿回复。/ Sent by Shuyuan; please do not reply.",
      "",
    ].join("\n"),
  };
}
