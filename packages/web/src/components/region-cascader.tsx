import { Cascader } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, isApiError } from "../api/client";
import { keys, useRegions } from "../api/queries";
import type { Region } from "../api/types";

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

function toOption(r: Region): RegionOption {
  return { value: r.code, label: r.name, isLeaf: r.level === "county" };
}

export interface RegionCascaderProps {
  id?: string;
  /** The chosen path of region codes, province first. */
  value?: string[];
  onChange?: (value: string[]) => void;
  /** true: any level may be chosen; false: only a county (or a city without counties). */
  anyLevel?: boolean;
  placeholder?: string;
  "aria-invalid"?: boolean | "true" | "false";
  "aria-describedby"?: string;
}

/**
 * Province → city → county, each level loaded from GET /regions?parent=… when opened.
 * Used as a Form control: Form.Item passes id/value/onChange; the id labels the input.
 */
export function RegionCascader({ id, value, onChange, anyLevel = false, placeholder, ...aria }: RegionCascaderProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const provinces = useRegions();
  const [options, setOptions] = useState<RegionOption[]>([]);

  // Set once: a background refetch of the provinces must not wipe the levels already opened (a click on
  // a province while the refetch was in flight lost its cities).
  useEffect(() => {
    if (provinces.data) setOptions((current) => (current.length ? current : provinces.data.items.map(toOption)));
  }, [provinces.data]);

  const loadData = async (selected: RegionOption[]) => {
    const target = selected[selected.length - 1];
    if (!target || target.children) return;
    try {
      const res = await client.fetchQuery({
        queryKey: keys.regions(target.value),
        queryFn: () => api.regions(target.value),
        staleTime: Infinity,
      });
      target.children = res.items.map(toOption);
      if (target.children.length === 0) {
        target.children = undefined;
        target.isLeaf = true;
      }
    } catch (e) {
      // Leave the option unloaded so opening it again retries.
      if (!isApiError(e)) throw e;
    }
    setOptions((o) => [...o]);
  };

  return (
    <Cascader<RegionOption>
      id={id}
      {...aria}
      options={options}
      loadData={loadData}
      value={value}
      onChange={(v) => onChange?.((v ?? []) as string[])}
      changeOnSelect={anyLevel}
      placeholder={placeholder ?? t("auth.regionPlaceholder")}
      loading={provinces.isPending}
      showSearch={false}
      allowClear
      style={{ width: "100%" }}
      notFoundContent={provinces.isError ? t("app.genericError") : undefined}
    />
  );
}
