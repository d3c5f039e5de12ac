import { describe, expect, it, vi } from 'vitest';
import { isExtensionPageSender, routeApiMessage } from './router';
import type { BackgroundApi } from '../shared/background-api';
import { API_MESSAGE_KIND } from '../shared/api-messages';
import { BitsError } from '../engine/bits-codes';

const ORIGIN = 'chrome-extension://abc';
const context = (service: Partial<BackgroundApi>) => ({
  runtimeId: 'abc',
  extensionOrigin: ORIGIN,
  service: async () => service as BackgroundApi,
});
const popup = { id: 'abc', url: `${ORIGIN}/popup.html` };

describe('isExtensionPageSender', () => {
  it('accepts our own pages only', () => {
    expect(isExtensionPageSender(popup, 'abc', ORIGIN)).toBe(true);
    expect(isExtensionPageSender({ id: 'abc', url: 'https://shop.example/' }, 'abc', ORIGIN)).toBe(false);
    expect(isExtensionPageSender({ id: 'other', url: `${ORIGIN}/popup.html` }, 'abc', ORIGIN)).toBe(false);
    expect(
      isExtensionPageSender({ id: 'abc', url: 'chrome-extension://abcdef/popup.html' }, 'abc', ORIGIN),
    ).toBe(false);
    expect(isExtensionPageSender({ id: 'abc' }, 'abc', ORIGIN)).toBe(false);
  });
});

describe('routeApiMessage', () => {
  it('leaves other messages to other listeners', () => {
    expect(routeApiMessage({ kind: 'webbits:offscreen' }, popup, context({}))).toBeUndefined();
    expect(routeApiMessage('hello', popup, context({}))).toBeUndefined();
  });

  it('calls the method with the checked input and returns its value', async () => {
    const suspend = vi.fn(async ({ id }: { id: string }) => ({ id, state: 'SUSPENDED' }));
    const answer = await routeApiMessage(
      { kind: API_MESSAGE_KIND, method: 'suspend', input: { id: 'j1' } },
      popup,
      context({ suspend } as unknown as Partial<BackgroundApi>),
    );
    expect(suspend).toHaveBeenCalledWith({ id: 'j1' });
    expect(answer).toEqual({ ok: true, value: { id: 'j1', state: 'SUSPENDED' } });
  });

  it('refuses a content script or web page without calling anything', async () => {
    const suspend = vi.fn();
    const answer = await routeApiMessage(
      { kind: API_MESSAGE_KIND, method: 'suspend', input: { id: 'j1' } },
      { id: 'abc', url: 'https://evil.example/', tab: {} },
      context({ suspend }),
    );
    expect(answer).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    expect(suspend).not.toHaveBeenCalled();
  });

  it('answers a bad payload with a TypeError without calling anything', async () => {
    const setPriority = vi.fn();
    const answer = await routeApiMessage(
      { kind: API_MESSAGE_KIND, method: 'setPriority', input: { id: 'j1', priority: 'urgent' } },
      popup,
      context({ setPriority }),
    );
    expect(answer).toMatchObject({ ok: false, error: { name: 'TypeError' } });
    expect(setPriority).not.toHaveBeenCalled();
  });

  it('passes the engine error name on', async () => {
    const resume = vi.fn(async () => {
      throw new BitsError('BG_E_INVALID_STATE', 'The job is already saved.');
    });
    const answer = await routeApiMessage(
      { kind: API_MESSAGE_KIND, method: 'resume', input: { id: 'j1' } },
      popup,
      context({ resume }),
    );
    expect(answer).toEqual({
      ok: false,
      error: { name: 'BG_E_INVALID_STATE', message: 'The job is already saved.' },
    });
  });
});
