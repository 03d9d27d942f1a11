import { DEFAULT_DUE_SOON_WD } from "../cases/clock";
import type { Profile, ProfileId } from "./schema";

// The five seed regulations as profiles. Every governed value names its article;
// anything a seed does not govern stays as in `ungoverned`.

type Governed = Omit<Profile, "id" | "name" | "seedFile" | "regionCode">;

const ungoverned: Governed = {
  openApplicationReplyWd: null,
  openApplicationExtensionWd: null,
  oneTimeNoticeWd: null,
  thirdPartyConsultationWd: null,
  thirdPartySilenceIsConsent: false,
  shareRequestReplyWd: null,
  openingDemandReplyWd: null,
  dataDemandReviewWd: null,
  dataDemandFulfilWd: null,
  catalogFixWd: null,
  catalogUpdateWd: null,
  catalogUpdateExtensionWd: null,
  revokedEntryGraceMonths: null,
  correctionVerifyWd: null,
  correctionVerifyTimely: false,
  // No seed gives a figure; issue 4's example (2 wd before the due date), overridable per deployment.
  dueSoonWorkdays: DEFAULT_DUE_SOON_WD,
  idleGrantMonths: null,
  auditRetentionYears: null,
  annualSummaryDue: null,
  zoneAgreementYears: null,
  zoneTerminationPoorEvaluations: null,
  // No seed but 000 limits who may apply: open to everyone, no registration, no fees.
  naturalPersonsMayRegister: true,
  financialApplicantsSeparateChannel: false,
  processingFeesAllowed: false,
  unconditionalOpenNeedsRegistration: false,
  // 004 §38 定期更换密码 gives no figure: 90 days is our configurable default, used everywhere.
  passwordMaxAgeDays: 90,
  // No seed gives figures; 004 §38 asks for account security (账户安全管理).
  lockout: { maxFailures: 5, lockMinutes: 15 },
};

const beijingOpen: Profile = {
  ...ungoverned,
  id: "beijing-open",
  name: { zh: "北京市政务数据开放服务指南", en: "Beijing open-data service guide" },
  seedFile: "000_e88f3183179f3952.txt",
  regionCode: "110000",
  openApplicationReplyWd: 20, // 000 §19: 20个工作日内予以答复
  openApplicationExtensionWd: 20, // 000 §19: 最长延期不得超过20个工作日
  oneTimeNoticeWd: 7, // 000 §19 (and §8 一次性告知): 7个工作日内一次性补正告知
  thirdPartyConsultationWd: 15, // 000 §19: 第三方应15个工作日内提出意见
  thirdPartySilenceIsConsent: true, // 000 §19: 逾期未提出意见的视为同意开放
  naturalPersonsMayRegister: false, // 000 §5: 暂不接受自然人政务数据开放申请
  financialApplicantsSeparateChannel: true, // 000 §11: 金融领域 → 北京市首贷服务中心
  processingFeesAllowed: true, // 000 §17: 加工、脱敏、接口封装、传输 收取成本费
  unconditionalOpenNeedsRegistration: true, // 000 §10: 实名注册后获取
};

const lianyungang: Profile = {
  ...ungoverned,
  id: "lianyungang",
  name: { zh: "连云港市公共数据开放与开发利用管理暂行办法", en: "Lianyungang public-data opening and use measures" },
  seedFile: "001_487a12eb61c33323.txt",
  regionCode: "320700",
  openApplicationReplyWd: 10, // 001 §19: 收到申请之日起十个工作日内
  correctionVerifyTimely: true, // 001 §20: 对异议进行及时核实处理
  naturalPersonsMayRegister: true, // 001 §3, §10: 公民、法人和其他组织
  unconditionalOpenNeedsRegistration: false, // 001 §9: 无需申请即可获取
};

const shijingshan: Profile = {
  ...ungoverned,
  id: "shijingshan",
  name: { zh: "石景山区政务信息资源共享开放管理办法", en: "Shijingshan district information sharing and opening measures" },
  seedFile: "002_929347b7775da5d3.txt",
  regionCode: "110107",
  shareRequestReplyWd: 10, // 002 §20: 提供部门须在10个工作日内予以回复
  openingDemandReplyWd: 15, // 002 §22: 15个工作日内对开放需求进行反馈
  catalogUpdateWd: 15, // 002 §9: 法律法规修订或职能变化之日起15个工作日内更新
  correctionVerifyTimely: true, // 002 §25: 及时反馈给提供部门予以校核
  annualSummaryDue: "10-31", // 002 §34: 每年10月底前报区经济信息化委
};

const beijingZones: Profile = {
  ...ungoverned,
  id: "beijing-zones",
  name: { zh: "北京市公共数据专区授权运营管理办法", en: "Beijing public-data zone authorised operation measures" },
  seedFile: "003_3699192b6c571b69.txt",
  regionCode: "110000",
  // 003 §22: zone share requests are assessed by the supervisor and approved by the provider, with no time limit.
  correctionVerifyTimely: true, // 003 §24: 错误和遗漏 须及时处理并予以反馈
  zoneAgreementYears: 5, // 003 §14: 有效期一般为5年
  zoneTerminationPoorEvaluations: 2, // 003 §30: 连续两次评估结果较差 → 终止
};

const heilongjiang: Profile = {
  ...ungoverned,
  id: "heilongjiang",
  name: { zh: "黑龙江省政务数据管理暂行办法", en: "Heilongjiang provincial government data measures" },
  seedFile: "004_23154a48e4a39151.txt",
  regionCode: "230000",
  openApplicationReplyWd: 5, // 004 §34: 从发出申请之日起5个工作日内完成审核
  shareRequestReplyWd: 1, // 004 §22: 收到申请的1个工作日内完成审核
  dataDemandReviewWd: 3, // 004 §29: 收到数据需求后3个工作日内完成审核
  dataDemandFulfilWd: 10, // 004 §29: 10个工作日内完成数据目录发布和数据挂接
  catalogFixWd: 5, // 004 §12: 有修改意见的 5个工作日内完成修改
  catalogUpdateWd: 3, // 004 §15: 自变化之日起3个工作日内完成更新
  catalogUpdateExtensionWd: 5, // 004 §15: 提供政策依据并经同意 可延长5个工作日
  revokedEntryGraceMonths: 6, // 004 §16: 已被使用的 继续提供6个月后再撤销
  correctionVerifyWd: 5, // 004 §24: 5个工作日内予以核实、更正
  idleGrantMonths: 3, // 004 §27: 数据3个月未调用 → 限期整改
  auditRetentionYears: 3, // 004 §28: 使用全过程记录 保存期限不少于3年
  naturalPersonsMayRegister: true, // 004 §34: 自然人、法人或者非法人组织
  unconditionalOpenNeedsRegistration: false, // 004 §34: 无条件开放的 可直接使用
  passwordMaxAgeDays: 90, // 004 §38: 定期更换密码 (figure is ours)
};

export const PRESETS: Readonly<Record<ProfileId, Readonly<Profile>>> = deepFreeze({
  "beijing-open": beijingOpen,
  lianyungang,
  shijingshan,
  "beijing-zones": beijingZones,
  heilongjiang,
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
