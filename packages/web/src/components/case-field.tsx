import { Checkbox, DatePicker, Form, Input, InputNumber, Radio } from "antd";
import type { FormRule } from "antd";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "@shuyuan/core/cases/payload-schemas";
import { useTranslation } from "react-i18next";
import { fieldHint, splitLines, type CaseFieldSpec } from "../lib/case-forms";
import { bilingual, formatBytes } from "../lib/format";
import { CaseAttachmentsInput } from "./case-attachments";
import { OrganisationPicker } from "./organisation-picker";

/** One field of a case form, as its spec says; the value lives at payload.<name>. */
export function CaseField({ spec, kind, action, idPrefix }: { spec: CaseFieldSpec; kind: string; action: string; idPrefix: string }) {
  const { t, i18n } = useTranslation();
  const label = t(`cases.fields.${spec.name}`, { defaultValue: spec.name });
  const hint = fieldHint(kind, action, spec.name);
  const typeNote =
    spec.type === "lines"
      ? t("cases.onePerLine")
      : spec.type === "attachments"
        ? t("cases.attachmentsNote", { size: formatBytes(MAX_ATTACHMENT_BYTES, i18n.language), count: MAX_ATTACHMENTS })
        : "";
  const notes = [typeNote, hint ? bilingual(hint, i18n.language) : ""].filter(Boolean).join(" ");
  const rules: FormRule[] = [];
  const required = "required" in spec && spec.required;
  if (required) {
    const select = spec.type === "choice" || spec.type === "multi" || spec.type === "organisation" || spec.type === "date";
    // A number of working days is a number: without the type, the rule would check it as text and refuse it.
    const number = spec.type === "workdays";
    rules.push({
      required: true,
      ...(number ? { type: "number" as const } : { whitespace: !select }),
      message: t(select ? "validation.requiredSelect" : "validation.required", { field: label }),
    });
  }
  if ((spec.type === "text" || spec.type === "textarea") && spec.max) {
    rules.push({ max: spec.max, message: t("validation.maxLength", { field: label, max: spec.max }) });
  }
  if (spec.type === "lines" && spec.max) {
    const max = spec.max;
    rules.push({
      validator: async (_r, v: unknown) => {
        if (splitLines(v).some((l) => l.length > max)) throw new Error(t("cases.lineTooLong", { max }));
      },
    });
  }
  const common = { name: ["payload", spec.name], label, extra: notes || undefined, rules };
  const id = `${idPrefix}-${spec.name}`;

  switch (spec.type) {
    case "text":
      return (
        <Form.Item {...common} htmlFor={id}>
          <Input id={id} autoComplete="off" />
        </Form.Item>
      );
    case "textarea":
      return (
        <Form.Item {...common} htmlFor={id}>
          <Input.TextArea id={id} autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
      );
    case "lines": {
      const unless = spec.requiredUnless;
      if (!unless) {
        return (
          <Form.Item {...common} htmlFor={id}>
            <Input.TextArea id={id} autoSize={{ minRows: 3, maxRows: 10 }} />
          </Form.Item>
        );
      }
      // Required unless another field has a given value (a correction's reasons, unless corrected as asked).
      return (
        <Form.Item noStyle dependencies={[["payload", unless.field]]}>
          {({ getFieldValue }) => {
            const needed = getFieldValue(["payload", unless.field]) !== undefined && getFieldValue(["payload", unless.field]) !== unless.value;
            return (
              <Form.Item
                {...common}
                htmlFor={id}
                required={needed}
                rules={[
                  ...rules,
                  {
                    validator: async (_r, v: unknown) => {
                      if (needed && splitLines(v).length === 0) throw new Error(t("validation.required", { field: label }));
                    },
                  },
                ]}
              >
                <Input.TextArea id={id} autoSize={{ minRows: 3, maxRows: 10 }} />
              </Form.Item>
            );
          }}
        </Form.Item>
      );
    }
    case "choice":
      return (
        <Form.Item {...common}>
          <Radio.Group aria-label={label}>
            {spec.options.map((o) => (
              <Radio key={o} value={o}>
                {t(`cases.options.${spec.optionsKey}.${o}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
      );
    case "multi":
      return (
        <Form.Item {...common}>
          <Checkbox.Group aria-label={label} options={spec.options.map((o) => ({ value: o, label: t(`cases.options.${spec.optionsKey}.${o}`) }))} />
        </Form.Item>
      );
    case "workdays":
      return (
        <Form.Item {...common} htmlFor={id}>
          <InputNumber id={id} min={spec.min} max={spec.max} precision={0} suffix={t("cases.workdays")} style={{ width: 200 }} />
        </Form.Item>
      );
    case "date":
      return (
        <Form.Item {...common} htmlFor={id}>
          <DatePicker id={id} format="YYYY-MM-DD" />
        </Form.Item>
      );
    case "organisation":
      return (
        <Form.Item {...common} htmlFor={id}>
          <OrganisationPicker id={id} />
        </Form.Item>
      );
    case "attachments":
      return (
        <Form.Item {...common} htmlFor={id}>
          <CaseAttachmentsInput id={id} />
        </Form.Item>
      );
    case "boolean":
      return (
        <Form.Item name={["payload", spec.name]} valuePropName="checked" extra={notes || undefined}>
          <Checkbox>{label}</Checkbox>
        </Form.Item>
      );
  }
}
