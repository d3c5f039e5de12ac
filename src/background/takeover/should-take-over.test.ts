import { describe, expect, it } from 'vitest';
import { DEFAULT_TAKEOVER_SETTINGS, type TakeoverSettings } from '../../shared/extension-settings';
import type { SeenRequest } from './request-log';
import { browserFileName, hostListed, MIB, shouldTakeOver, type BrowserDownload } from './should-take-over';

const ON: TakeoverSettings = { ...DEFAULT_TAKEOVER_SETTINGS, takeOver: true };
const GET: SeenRequest = { notGet: false, contentLength: null, answered: true, at: 0 };
const item = (patch: Partial<BrowserDownload> = {}): BrowserDownload => ({
  id: 7,
  url: 'https://files.example/get?id=1',
  finalUrl: 'https://cdn.example/big.iso',
  referrer: 'https://files.example/list',
  filename: '',
  totalBytes: 20 * MIB,
  state: 'in_progress',
  incognito: false,
  ...patch,
});
const decide = (download: BrowserDownload, settings = ON, request: SeenRequest | null = GET) =>
  shouldTakeOver(download, settings, { extensionId: 'webbits-id', request });

describe('shouldTakeOver', () => {
  it('takes over a big download of a GET, at its final URL', () => {
    expect(decide(item())).toEqual({ take: true, url: 'https://cdn.example/big.iso', bytes: 20 * MIB });
  });

  it('does nothing while the setting is off', () => {
    expect(decide(item(), DEFAULT_TAKEOVER_SETTINGS)).toEqual({ take: false, why: 'off' });
  });

  it("never takes WebBITS's own saves, another extension's downloads, blob: or data:", () => {
    const ownSave = item({ url: 'blob:chrome-extension://webbits-id/3f2a', finalUrl: undefined });
    expect(decide(ownSave)).toEqual({ take: false, why: 'not-http' });
    expect(decide(item({ byExtensionId: 'webbits-id' }))).toEqual({ take: false, why: 'webbits' });
    expect(decide(item({ byExtensionId: 'other' }))).toEqual({ take: false, why: 'another-extension' });
    expect(decide(item({ url: 'data:text/plain,hi', finalUrl: 'data:text/plain,hi' })).take).toBe(false);
    expect(decide(item({ url: 'blob:https://files.example/9', finalUrl: undefined })).take).toBe(false);
  });

  it('leaves a POST (or a request it never saw) to the browser', () => {
    expect(decide(item(), ON, { ...GET, notGet: true })).toEqual({ take: false, why: 'not-get' });
    expect(decide(item(), ON, null)).toEqual({ take: false, why: 'not-seen' });
  });

  it('leaves listed sites to the browser: the file, where it led, or the page, subdomains too', () => {
    const never = (...sites: string[]) => ({ ...ON, takeOverNeverSites: sites });
    expect(decide(item(), never('files.example'))).toEqual({ take: false, why: 'listed-site' });
    expect(decide(item(), never('xample', 'les.example'))).toEqual({
      take: true,
      url: 'https://cdn.example/big.iso',
      bytes: 20 * MIB,
    });
    expect(decide(item({ referrer: 'https://www.blog.example/p' }), never('blog.example')).take).toBe(false);
    expect(decide(item({ referrer: 'https://myblog.example/p' }), never('blog.example')).take).toBe(true);
    expect(decide(item({ url: 'https://a.blog.example/f' }), never('blog.example')).take).toBe(false);
  });

  it('keeps files up to the threshold, takes bigger ones and those of unknown size', () => {
    const at = (bytes: number, request: SeenRequest = GET) =>
      decide(item({ totalBytes: bytes }), ON, request);
    expect(at(5 * MIB)).toEqual({ take: false, why: 'small' });
    expect(at(5 * MIB + 1).take).toBe(true);
    expect(at(-1)).toEqual({ take: true, url: 'https://cdn.example/big.iso', bytes: null });
    // Firefox knows no size yet: the response's Content-Length tells.
    expect(at(-1, { ...GET, contentLength: 1000 })).toEqual({ take: false, why: 'small' });
    expect(decide(item({ totalBytes: 1 }), { ...ON, takeOverMinMB: 0 }).take).toBe(true);
  });

  it('refuses private windows and downloads no longer in progress', () => {
    expect(decide(item({ incognito: true }))).toEqual({ take: false, why: 'private' });
    expect(decide(item({ state: 'complete' }))).toEqual({ take: false, why: 'not-in-progress' });
  });
});

describe('hostListed', () => {
  it('matches the host and its subdomains only', () => {
    expect(hostListed('dl.files.example', ['files.example'])).toBe(true);
    expect(hostListed('FILES.example.', ['files.example'])).toBe(true);
    expect(hostListed('otherfiles.example', ['files.example'])).toBe(false);
    expect(hostListed('127.0.0.1', ['127.0.0.1'])).toBe(true);
  });
});

describe('browserFileName', () => {
  it('takes the last part of a path of either kind', () => {
    expect(browserFileName('/home/me/Downloads/report.bin')).toBe('report.bin');
    expect(browserFileName('C:\\Users\\me\\Downloads\\report (1).bin')).toBe('report (1).bin');
    expect(browserFileName('report.bin')).toBe('report.bin');
    expect(browserFileName('')).toBeNull();
    expect(browserFileName(undefined)).toBeNull();
  });
});
