// Excel in and out of the catalog (docs/catalog-template.md). An import is all rows or none: every row
// is parsed and checked first (core's checkDataset, row-level errors with sheet, row and column), then
// every entry is written in one transaction.
import { mayEditEntries, type DatasetContent } from "@shuyuan/core";
import type { FastifyRequest } from "fastify";
import { AppError, errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import { catalogTemplate, MAX_FILE_BYTES, readCatalogWorkbook, writeCatalogWorkbook, type RowError } from "./excel";
import type { CatalogRepository } from "./repository";
import type { AuditNote, CatalogService, SearchQuery } from "./service";

const MAX_EXPORT = 5000;

const rowsError = (rows: RowError[]) =>
  new AppError(
    400,
    "import_rejected",
    { zh: `导入未执行：${rows.length} 处错误，请修改后重新导入（全部行均未写入）`, en: `Nothing was imported: ${rows.length} error(s); fix them and import again (no row was written)` },
    { rows: rows.map((e) => ({ sheet: e.sheet, row: e.row, column: e.column ?? null, field: e.field ?? null, message: e.message.zh, messageEn: e.message.en })) },
  );

export function catalogExcel(deps: { repo: CatalogRepository; service: CatalogService }) {
  const { repo } = deps;
  return {
    template: () => catalogTemplate(),

    async exportWorkbook(actor: Actor | null, query: SearchQuery) {
      const found = await deps.service.search(actor, { ...query, page: 1, pageSize: MAX_EXPORT } as SearchQuery);
      const rows = await repo.contents(found.items.map((i) => i.id));
      const byId = new Map(rows.map((r) => [r.id, r]));
      const entries = found.items.flatMap((item) => {
        const r = byId.get(item.id);
        if (!r) return [];
        const editor = !!actor && mayEditEntries(actor, r.provider_organisation_id);
        const content = ((editor && r.draft) || r.content) as DatasetContent | null;
        return content ? [{ content, providerName: r.provider_name, status: r.status, version: r.version }] : [];
      });
      return writeCatalogWorkbook(entries);
    },

    async importWorkbook(actor: Actor, request: FastifyRequest, note: AuditNote) {
      const file = await request.file({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } }).catch(() => undefined);
      if (!file) throw errors.field("file", { zh: "请上传 xlsx 文件（表单字段 file）", en: "Upload an xlsx file (form field \"file\")" });
      const data = await file.toBuffer().catch(() => null);
      if (!data || file.file.truncated) {
        throw new AppError(413, "file_too_large", { zh: "文件超过 20 MB", en: "The file is larger than 20 MB" });
      }
      const providerId =
        (file.fields.providerOrganisationId as { value?: string } | undefined)?.value ?? actor.memberships.find((m) => mayEditEntries(actor, m.organisationId))?.organisationId;
      if (!providerId || !mayEditEntries(actor, providerId)) {
        throw errors.forbidden({ zh: "只有政务部门或主管部门的目录编制员可以导入目录", en: "Only catalog editors of a department or authority may import entries" });
      }
      const provider = await repo.organisation(providerId);
      if (!provider) throw errors.notFound({ zh: "机构", en: "Organisation" });
      note({ detail: { file: file.filename.slice(0, 200), bytes: data.length } });

      const read = await readCatalogWorkbook(data);
      if (read.errors.length) throw rowsError(read.errors);

      const result = await repo.db.transaction().execute(async (trx) => {
        const existing = new Map((await repo.byCodes(read.entries.map((e) => e.code), trx)).map((r) => [r.code.toLowerCase(), r]));
        const problems: RowError[] = [];
        for (const e of read.entries) {
          const found = existing.get(e.code.toLowerCase());
          if (!found) continue;
          if (found.provider_organisation_id !== provider.id) {
            problems.push({ sheet: "目录", row: e.sheetRow, field: "code", message: { zh: `目录编码"${e.code}"已被其他单位使用`, en: `Code "${e.code}" belongs to another organisation` } });
          } else if (!["draft", "revision_requested", "published"].includes(found.status)) {
            problems.push({ sheet: "目录", row: e.sheetRow, field: "code", message: { zh: `条目"${e.code}"审核中或已撤销，不能导入修改`, en: `Entry "${e.code}" is under review or revoked and cannot be changed` } });
          }
        }
        if (problems.length) throw rowsError(problems);
        let created = 0;
        let updated = 0;
        for (const e of read.entries) {
          const found = existing.get(e.code.toLowerCase());
          if (found) {
            await repo.saveDraft(found.id, found.draft_revision, e.content, provider.name, found.version !== null, trx);
            updated++;
          } else {
            await repo.insertDraft(e.content, provider, trx);
            created++;
          }
        }
        return { created, updated };
      });
      note({ detail: result });
      return { ...result, warnings: read.entries.flatMap((e) => e.warnings.map((w) => ({ ...w, message: w.message.zh, messageEn: w.message.en }))) };
    },
  };
}

export type CatalogExcel = ReturnType<typeof catalogExcel>;
