import type { RunningServer } from "../server";

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A browser-like API client for tests: keeps the session cookie and sends the
 * CSRF token on writes, as the web app does. Real HTTP, no injection shortcuts.
 */
export class ApiClient {
  private cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;

  constructor(private readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, init: { headers?: Record<string, string>; raw?: string } = {}): Promise<Response<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (body !== undefined || init.raw !== undefined) headers["content-type"] ??= "application/json";
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== "GET") headers["x-csrf-token"] ??= this.csrfToken;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(this.baseUrl + path, { method, headers, body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const [pair] = setCookie.split(";");
      this.cookie = pair.endsWith("=") ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    const result = { status: res.status, body: parsed as T, headers: res.headers };
    const token = (parsed as { csrfToken?: string } | null)?.csrfToken;
    if (token) this.csrfToken = token;
    return result;
  }

  get = <T = any>(path: string) => this.request<T>("GET", path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>("POST", path, body ?? {});
  patch = <T = any>(path: string, body: unknown) => this.request<T>("PATCH", path, body);
  delete = <T = any>(path: string) => this.request<T>("DELETE", path);

  async login(login: string, password: string) {
    const res = await this.post("/api/v1/auth/login", { login, password });
    if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}

export const clientFor = (server: RunningServer) => new ApiClient(server.url);
