import { Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useDirectory } from "../api/queries";

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  "aria-describedby"?: string;
  /** A chosen organisation known by name before the directory lists it (a link that prefills the form). */
  known?: { id: string; name: string };
}

/** Picks an authority or department from the public directory, searching by name as one types. */
export function OrganisationPicker({ id, value, onChange, known, ...rest }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const directory = useDirectory(q.trim());
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={directory.isFetching}
      placeholder={t("cases.pickOrganisation")}
      notFoundContent={directory.isFetching ? t("app.loading") : t("cases.noOrganisation")}
      options={[
        ...(known && !directory.data?.items.some((o) => o.id === known.id) ? [{ id: known.id, name: known.name }] : []),
        ...(directory.data?.items ?? []),
      ].map((o) => ({
        value: o.id,
        label: o.name,
        title: o.name,
      }))}
      aria-describedby={rest["aria-describedby"]}
    />
  );
}
