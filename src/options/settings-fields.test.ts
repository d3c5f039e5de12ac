import { describe, expect, it } from 'vitest';
import { ALL_SETTING_FIELDS, parseHostLines, parseSetting, settingText } from './settings-fields';
import type { SettingKey } from './settings-fields';

const field = (key: SettingKey) => {
  const found = ALL_SETTING_FIELDS.find((f) => f.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

describe('parseSetting', () => {
  it('accepts whole numbers in range', () => {
    expect(parseSetting(field('connectionsPerFile'), ' 16 ')).toEqual({ ok: true, value: 16 });
    expect(parseSetting(field('backgroundJobs'), '1')).toEqual({ ok: true, value: 1 });
    expect(parseSetting(field('userRetryDelay'), '60')).toEqual({ ok: true, value: 60 });
  });

  it('names the field when a number is out of range or not whole', () => {
    for (const raw of ['0', '17', '2.5', '', 'four', '-3']) {
      expect(parseSetting(field('connectionsPerFile'), raw)).toEqual({
        ok: false,
        message: '“Connections per file” must be a whole number from 1 to 16.',
      });
    }
    expect(parseSetting(field('backgroundJobs'), '7')).toMatchObject({
      message: '“Background jobs at once” must be a whole number from 1 to 6.',
    });
    expect(parseSetting(field('userRetryDelay'), '4')).toMatchObject({ ok: false });
  });

  it('reads an empty bandwidth limit as unlimited', () => {
    expect(parseSetting(field('backgroundBandwidthLimit'), '  ')).toEqual({ ok: true, value: null });
    expect(parseSetting(field('backgroundBandwidthLimit'), '512')).toEqual({ ok: true, value: 512 });
    expect(parseSetting(field('backgroundBandwidthLimit'), '0')).toEqual({
      ok: false,
      message:
        '“Background bandwidth limit (KB/s)” must be empty (no limit) or a whole number greater than 0.',
    });
  });

  it('takes a folder under Downloads and tidies it', () => {
    expect(parseSetting(field('downloadFolder'), '')).toEqual({ ok: true, value: '' });
    expect(parseSetting(field('downloadFolder'), 'Music\\Store/ ')).toEqual({
      ok: true,
      value: 'Music/Store',
    });
    expect(parseSetting(field('downloadFolder'), 'Music//Store/')).toEqual({
      ok: true,
      value: 'Music/Store',
    });
  });

  it('refuses a folder that leaves Downloads', () => {
    for (const raw of ['/etc', 'C:\\Users', '../up', 'a/../../b', 'what?']) {
      expect(parseSetting(field('downloadFolder'), raw), raw).toMatchObject({
        ok: false,
        message: expect.stringContaining('“Download folder”') as unknown,
      });
    }
  });
});

describe('takeover fields', () => {
  it('takes the threshold in MB from 0', () => {
    expect(parseSetting(field('takeOverMinMB'), '0')).toEqual({ ok: true, value: 0 });
    expect(parseSetting(field('takeOverMinMB'), '-1')).toEqual({
      ok: false,
      message: '“Only files larger than (MB)” must be a whole number from 0 to 1000000.',
    });
  });

  it('reads the checkbox', () => {
    expect(parseSetting(field('takeOver'), 'true')).toEqual({ ok: true, value: true });
    expect(parseSetting(field('takeOver'), 'false')).toEqual({ ok: true, value: false });
  });

  it('reads one host a line, tidied, and names the line that is not one', () => {
    expect(
      parseHostLines(' Files.Example \n\n*.cdn.example\nhttps://www.shop.example/path?q\nfiles.example.'),
    ).toEqual({
      hosts: ['files.example', 'cdn.example', 'www.shop.example'],
    });
    expect(parseHostLines('127.0.0.1\n[::1]')).toEqual({ hosts: ['127.0.0.1', '[::1]'] });
    expect(parseHostLines('ok.example\nnot a host')).toEqual({ badLine: 2 });
    expect(parseSetting(field('takeOverNeverSites'), 'a.example\nb/c')).toEqual({
      ok: false,
      message: '“Never for these sites”: line 2 is not a host name such as example.com.',
    });
    expect(parseSetting(field('takeOverNeverSites'), '')).toEqual({ ok: true, value: [] });
  });
});

describe('settingText', () => {
  it('shows unlimited as an empty field, and hosts one a line', () => {
    expect(settingText(null)).toBe('');
    expect(settingText(4)).toBe('4');
    expect(settingText(['a.example', 'b.example'])).toBe('a.example\nb.example');
  });
});

describe('aria2 fields', () => {
  it('takes an http(s) or ws(s) address, or nothing (off)', () => {
    for (const raw of ['http://127.0.0.1:6800/jsonrpc', 'wss://nas.home:6800/jsonrpc', '']) {
      expect(parseSetting(field('aria2Address'), raw)).toEqual({ ok: true, value: raw });
    }
  });

  it('names the field for any other address', () => {
    for (const raw of ['ftp://nas/jsonrpc', 'file:///etc/passwd', 'http://me:pw@nas/jsonrpc', '127.0.0.1']) {
      expect(parseSetting(field('aria2Address'), raw)).toMatchObject({
        ok: false,
        message: expect.stringContaining('aria2 RPC address') as string,
      });
    }
  });

  it('keeps a secret as typed, refusing only control characters', () => {
    expect(parseSetting(field('aria2Secret'), ' s3cret ')).toEqual({ ok: true, value: ' s3cret ' });
    expect(parseSetting(field('aria2Secret'), 'a\nb')).toMatchObject({ ok: false });
  });

  it('"Send to aria2" is one of its three choices', () => {
    expect(parseSetting(field('aria2Send'), 'start')).toEqual({ ok: true, value: 'start' });
    expect(parseSetting(field('aria2Send'), 'always')).toMatchObject({ ok: false });
  });
});
