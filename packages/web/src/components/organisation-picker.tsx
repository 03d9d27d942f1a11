import { Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useDirectory } from "../api/queries";

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  "aria-describedby"?: string;
}

/** Picks an authority or department from the public directory, searching by name as one types. */
export function OrganisationPicker({ id, value, onChange, ...rest }: Props) {
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
      options={directory.data?.items.map((o) => ({
        value: o.id,
        label: o.name,
        title: o.name,
      }))}
      aria-describedby={rest["aria-describedby"]}
    />
  );
}
