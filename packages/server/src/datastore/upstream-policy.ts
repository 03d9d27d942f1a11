// The upstream address policy for API distributions (SSRF): which addresses the platform may call on a
// department's behalf, checked at registration, and again inside the connection's own DNS lookup.
import dns from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import type { Bilingual } from "@shuyuan/core";
//
// Registering an API makes the platform send requests from inside its own network to an address a
// department typed in, and hand back the answer. Unchecked, that lets any catalog editor read the cloud
// metadata service (the platform's own cloud credentials), the database, the admin ports of neighbouring
// hosts — server-side request forgery. So:
// - only http(s), no user:password@ in the URL (credentials go in the sealed header instead);
// - link-local, unspecified, multicast and the clouds' metadata addresses are never reachable;
// - loopback, private (RFC 1918), carrier-grade NAT, unique-local IPv6 and documentation ranges are
//   reachable only for hosts the operator lists in SHUYUAN_API_UPSTREAM_ALLOW (a department's service on
//   the government intranet is legitimate, but that is the operator's call, not an editor's);
// - a host name is resolved and every address checked at registration AND at each call, and the call
//   connects to exactly the addresses that were checked (DNS rebinding: a name that resolved to a public
//   address when registered may resolve to 127.0.0.1 a minute later);
// - redirects are never followed (one to an internal address would skip all of the above).

/** Nothing legitimate serves data here whatever the allow-list says; the metadata services hand out credentials. */
const NEVER = blockList([
  ["0.0.0.0", 8],
  ["169.254.0.0", 16], // link-local: AWS, Huawei Cloud, Tencent Cloud metadata at 169.254.169.254
  ["100.100.100.200", 32], // Alibaba Cloud metadata
  ["224.0.0.0", 4],
  ["240.0.0.0", 4], // reserved and broadcast
  ["::", 128],
  ["fe80::", 10],
  ["ff00::", 8],
  ["fd00:ec2::254", 128], // AWS metadata over IPv6
]);

/** The platform's own network: only for allow-listed hosts. */
const INTERNAL = blockList([
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["::1", 128],
  ["fc00::", 7],
  ["fec0::", 10],
  ["2001:db8::", 32],
  ["100::", 64],
  ["2001::", 32], // Teredo and 6to4 tunnel to embedded IPv4 addresses
  ["2002::", 16],
]);

function blockList(entries: [string, number][]): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of entries) list.addSubnet(net, prefix, isIP(net) === 6 ? "ipv6" : "ipv4");
  return list;
}

/** The eight 16-bit words of an IPv6 address (validated by net.isIP beforehand), or null. */
function ipv6Words(address: string): number[] | null {
  let a = address.replace(/^\[|\]$/g, "").split("%")[0].toLowerCase();
  const dotted = a.match(/^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(2).map(Number);
    a = `${dotted[1]}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const halves = a.split("::");
  if (halves.length > 2) return null;
  const words = (s: string) => (s ? s.split(":").map((h) => parseInt(h, 16)) : []);
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return all.some((w) => Number.isNaN(w) || w < 0 || w > 0xffff) ? null : all;
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), -compatible or NAT64 (64:ff9b::/96) IPv6 address. */
export function embeddedIPv4(address: string): string | null {
  const w = ipv6Words(address);
  if (!w) return null;
  const zero = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  const mapped = zero(0, 5) && w[5] === 0xffff;
  const compatible = zero(0, 6) && (w[6] !== 0 || w[7] > 1);
  const nat64 = w[0] === 0x64 && w[1] === 0xff9b && zero(2, 6);
  if (!mapped && !compatible && !nat64) return null;
  return [w[6] >> 8, w[6] & 0xff, w[7] >> 8, w[7] & 0xff].join(".");
}

/** Why an address may not be reached: "never", "internal" (not allow-listed), or null when it may. */
export function addressRefusal(address: string, allowInternal: boolean): "never" | "internal" | null {
  const bare = address.replace(/^\[|\]$/g, "").split("%")[0];
  const family = isIP(bare);
  if (!family) return "never";
  // ::ffff:127.0.0.1 is 127.0.0.1 on the wire: judge the IPv4 address it carries.
  const v4 = family === 6 ? embeddedIPv4(bare) : bare;
  const [addr, type] = v4 ? [v4, "ipv4" as const] : [bare, "ipv6" as const];
  if (NEVER.check(addr, type)) return "never";
  if (INTERNAL.check(addr, type)) return allowInternal ? null : "internal";
  return null;
}

interface AllowRule {
  host: string;
  wildcard: boolean;
  port: number | null;
}

/**
 * SHUYUAN_API_UPSTREAM_ALLOW: comma-separated host patterns whose internal addresses upstreams may use —
 * `host`, `host:port`, `*.domain` (subdomains), `*.domain:port`; IPv6 in brackets (`[fd12::1]:8443`).
 * Matched against the URL's host name as written (normalised by the URL parser), never against what it
 * resolves to: allowing `127.0.0.1:8080` must not allow `localhost`, nor any name an editor points there.
 */
export function parseAllowList(text: string | undefined): AllowRule[] {
  return (text ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((pattern) => {
      const wildcard = pattern.startsWith("*.");
      const rest = wildcard ? pattern.slice(2) : pattern;
      const m = rest.match(/^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/);
      let host: string | null = null;
      try {
        host = m ? new URL(`http://${m[1]}/`).hostname : null;
      } catch {
        host = null;
      }
      if (!m || !host) throw new Error(`配置错误 / invalid SHUYUAN_API_UPSTREAM_ALLOW pattern: ${pattern}`);
      return { host, wildcard, port: m[2] ? Number(m[2]) : null };
    });
}

const effectivePort = (url: URL) => (url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80);

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;
const systemResolve: Resolve = async (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Raised by the connection-time lookup: the name now resolves somewhere upstreams may not be. */
export class UpstreamRefused extends Error {
  readonly code = "ESHUYUAN_UPSTREAM_REFUSED";
}

const REFUSED: Record<"never" | "internal", Bilingual> = {
  never: { zh: "接口地址指向链路本地、云元数据或保留地址，不允许使用", en: "The address points at a link-local, cloud metadata or reserved address, which is never allowed" },
  internal: {
    zh: "接口地址指向本机或内网地址；如确需接入内网服务，请平台运维人员将该主机加入 SHUYUAN_API_UPSTREAM_ALLOW",
    en: "The address points at this machine or a private network; to use an intranet service, the platform operator must add the host to SHUYUAN_API_UPSTREAM_ALLOW",
  },
};

export function upstreamPolicy(allow: readonly AllowRule[], resolve: Resolve = systemResolve) {
  const allowsInternal = (url: URL) => {
    const host = url.hostname.toLowerCase();
    return allow.some((r) => (r.wildcard ? host.endsWith(`.${r.host}`) : host === r.host) && (r.port === null || r.port === effectivePort(url)));
  };
  const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

  return {
    allowsInternal,

    /** Scheme, embedded credentials and literal addresses: what can be judged without DNS. */
    checkUrl(text: string): { ok: true; url: URL } | { ok: false; message: Bilingual } {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return { ok: false, message: { zh: "接口地址不是有效的 URL", en: "Not a valid URL" } };
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return { ok: false, message: { zh: "接口地址只能使用 http 或 https", en: "Only http and https upstreams are allowed" } };
      }
      if (url.username || url.password) {
        return { ok: false, message: { zh: "接口地址不得包含用户名或密码，请使用认证头与密钥", en: "The URL may not carry a user name or password: use the auth header and secret" } };
      }
      url.hash = "";
      const host = bareHost(url);
      if (isIP(host)) {
        const refusal = addressRefusal(host, allowsInternal(url));
        if (refusal) return { ok: false, message: REFUSED[refusal] };
      }
      return { ok: true, url };
    },

    /** Resolves a host name now and checks every address it has (registration). */
    async checkResolved(url: URL): Promise<Bilingual | null> {
      const host = bareHost(url);
      if (isIP(host)) return null;
      const found = await resolve(host).catch(() => []);
      if (!found.length) return { zh: "无法解析接口地址的主机名", en: "The upstream host name does not resolve" };
      const allowInternal = allowsInternal(url);
      // One bad address taints the name: the connection could pick any of them.
      for (const a of found) {
        const refusal = addressRefusal(a.address, allowInternal);
        if (refusal) return REFUSED[refusal];
      }
      return null;
    },

    /**
     * The DNS lookup a call connects with: it resolves, refuses the whole name if any address is forbidden,
     * and hands the connection exactly the addresses it checked — no second resolution to rebind between.
     * (fetch cannot take a lookup without the undici package, which is why the proxy uses node:http.)
     */
    lookupFor(url: URL): LookupFunction {
      const allowInternal = allowsInternal(url);
      return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
        resolve(hostname).then(
          (found) => {
            if (found.some((a) => addressRefusal(a.address, allowInternal))) return callback(new UpstreamRefused("upstream address refused"));
            const usable = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
            if (!usable.length) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }));
            if (options.all) callback(null, usable);
            else callback(null, usable[0].address, usable[0].family);
          },
          (err) => callback(err),
        );
      }) as LookupFunction;
    },
  };
}
export type UpstreamPolicy = ReturnType<typeof upstreamPolicy>;
