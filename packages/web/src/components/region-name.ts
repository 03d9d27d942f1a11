import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { keys, useRegions } from "../api/queries";

/**
 * The full name of a region code ("北京市 石景山区"), found through GET /regions level by
 * level: GB/T 2260 codes name their province (PP0000) and city (PPCC00) ancestors.
 * Undefined until known.
 */
export function useRegionName(code: string | undefined): string | undefined {
  const provinceCode = code ? `${code.slice(0, 2)}0000` : "";
  const cityCode = code ? `${code.slice(0, 4)}00` : "";
  const provinces = useRegions();
  const province = provinces.data?.items.find((r) => r.code === provinceCode);

  const belowProvince = Boolean(code && code !== provinceCode);
  const provinceChildren = useQuery({
    queryKey: keys.regions(provinceCode),
    queryFn: () => api.regions(provinceCode),
    enabled: belowProvince,
    staleTime: Infinity,
  });
  const direct = provinceChildren.data?.items.find((r) => r.code === code);
  const city = provinceChildren.data?.items.find((r) => r.code === cityCode);

  const belowCity = Boolean(belowProvince && provinceChildren.data && !direct && city && code !== cityCode);
  const cityChildren = useQuery({
    queryKey: keys.regions(cityCode),
    queryFn: () => api.regions(cityCode),
    enabled: belowCity,
    staleTime: Infinity,
  });
  const county = cityChildren.data?.items.find((r) => r.code === code);

  if (!code || !province) return undefined;
  if (!belowProvince) return province.name;
  if (direct) return `${province.name} ${direct.name}`;
  if (city && county) return `${province.name} ${city.name} ${county.name}`;
  return undefined;
}
