import type { RunningServer } from "../server";

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
  /** The body as sent. */
  text: string;
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
    const result = { status: res.status, body: parsed as T, headers: res.headers, text };
    const token = (parsed as { csrfToken?: string } | null)?.csrfToken;
    if (token) this.csrfToken = token;
    return result;
  }

  get = <T = any>(path: string) => this.request<T>("GET", path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>("POST", path, body ?? {});
  patch = <T = any>(path: string, body: unknown) => this.request<T>("PATCH", path, body);
  put = <T = any>(path: string, body: unknown) => this.request<T>("PUT", path, body);
  delete = <T = any>(path: string) => this.request<T>("DELETE", path);

  /** A multipart upload of one file (as the web app's Upload sends it), with optional text fields. */
  async upload<T = any>(path: string, file: { field?: string; name: string; data: Uint8Array; type?: string }, fields: Record<string, string> = {}): Promise<Response<T>> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append(file.field ?? "file", new Blob([new Uint8Array(file.data)], { type: file.type ?? "application/octet-stream" }), file.name);
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken) headers["x-csrf-token"] = this.csrfToken;
    const res = await fetch(this.baseUrl + path, { method: "POST", headers, body: form });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: body as T, headers: res.headers, text };
  }

  /** The raw bytes of a GET (downloads). */
  async download(path: string): Promise<{ status: number; data: Buffer; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(this.baseUrl + path, { headers });
    return { status: res.status, data: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  async login(login: string, password: string) {
    const res = await this.post("/api/v1/auth/login", { login, password });
    if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}

export const clientFor = (server: RunningServer) => new ApiClient(server.url);
