/**
 * What the background saw of the requests tabs made (webRequest, observing only): their method,
 * every URL of their redirect chain, and the size their response announced. A browser download
 * says neither how it was requested nor, in Firefox, how big it is when it starts; the request
 * that became the download does (docs/transfer.md, "Taking over the browser's downloads").
 * WebBITS's own requests have no tab and are never recorded.
 */
export interface RequestDetails {
  requestId: string;
  url: string;
  method: string;
  tabId: number;
}

export interface HeadersDetails {
  requestId: string;
  statusCode: number;
  responseHeaders?: Array<{ name: string; value?: string }>;
}

export interface SeenRequest {
  /** Some hop was not a GET (a form's POST): the download cannot be asked for again. */
  notGet: boolean;
  /** The response's Content-Length (without a Content-Encoding), when it said one. */
  contentLength: number | null;
  /** Whether the response headers arrived (so `contentLength` is final). */
  answered: boolean;
  at: number;
}

interface Entry extends SeenRequest {
  urls: Set<string>;
}

const KEEP_MS = 2 * 60_000;
const KEEP_ENTRIES = 300;

export class RequestLog {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** webRequest.onBeforeRequest (also called again for each redirect hop, same requestId). */
  readonly noteRequest = (details: RequestDetails): void => {
    if (details.tabId < 0) return;
    const entry = this.entries.get(details.requestId) ?? {
      urls: new Set<string>(),
      notGet: false,
      contentLength: null,
      answered: false,
      at: 0,
    };
    entry.urls.add(details.url);
    entry.notGet ||= details.method.toUpperCase() !== 'GET';
    entry.answered = false;
    entry.at = this.now();
    // Newest last: a Map keeps insertion order.
    this.entries.delete(details.requestId);
    this.entries.set(details.requestId, entry);
    this.prune();
  };

  /** webRequest.onHeadersReceived with responseHeaders. */
  readonly noteHeaders = (details: HeadersDetails): void => {
    const entry = this.entries.get(details.requestId);
    if (!entry) return;
    const header = (name: string) =>
      details.responseHeaders?.find((h) => h.name.toLowerCase() === name)?.value ?? null;
    const length = header('content-length');
    const encoded = (header('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
    entry.contentLength =
      length !== null && /^\d+$/.test(length.trim()) && !encoded && details.statusCode === 200
        ? Number(length.trim())
        : null;
    entry.answered = true;
  };

  /** The newest request whose chain holds one of `urls`, or null. */
  find(urls: readonly (string | null | undefined)[]): SeenRequest | null {
    const wanted = urls.filter((url): url is string => typeof url === 'string' && url !== '');
    const all = [...this.entries.values()];
    for (let i = all.length - 1; i >= 0; i--) {
      const entry = all[i];
      if (entry && wanted.some((url) => entry.urls.has(url))) {
        const { notGet, contentLength, answered, at } = entry;
        return { notGet, contentLength, answered, at };
      }
    }
    return null;
  }

  private prune(): void {
    const oldest = this.now() - KEEP_MS;
    for (const [id, entry] of this.entries) {
      if (entry.at >= oldest && this.entries.size <= KEEP_ENTRIES) break;
      this.entries.delete(id);
    }
  }
}
