import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileNameFor, savePathFor, urlFileName, type SavedFileFacts, type SavePathInput } from './save-path';
import { hostileString, pathSafetyProblems } from '../../../test/engine/support/safe-path-oracle';
import { sanitizeFolderPath } from './safe-name';
import type { WmpInfo } from '../types';
import { parseWmpDescription } from './wmp-convention';

const file = (facts: Partial<SavedFileFacts>): SavedFileFacts => ({
  name: null,
  url: 'https://cdn.example/t/3.mp3',
  finalUrl: null,
  contentDisposition: null,
  contentType: null,
  ...facts,
});

const wmpJob = (fields: Partial<WmpInfo> = {}): WmpInfo => ({
  kind: 'job',
  serviceId: 424242,
  provider: 'Proseware',
  albumArtist: 'The Band',
  albumTitle: 'Live',
  trackNumber: 3,
  title: 'Opening Night',
  duration: 215,
  rating: 75,
  ...fields,
});

const input = (fields: Partial<SavePathInput>): SavePathInput => ({
  downloadFolder: '',
  displayName: 'My job',
  wmp: null,
  fileCount: 1,
  file: file({}),
  ...fields,
});

describe('savePathFor, WMP_JOB library layout', () => {
  it('holds the spec example exactly', () => {
    const wmp = parseWmpDescription(
      '::WMP_JOB:1:424242:Proseware:The Band:Live%3A 1999:3:Opening Night:215:75',
    );
    expect(savePathFor(input({ wmp }))).toBe('Proseware/The Band/Live_ 1999/03 Opening Night.mp3');
  });

  it('puts the library under the base folder', () => {
    expect(savePathFor(input({ wmp: wmpJob(), downloadFolder: 'Music/Store' }))).toBe(
      'Music/Store/Proseware/The Band/Live/03 Opening Night.mp3',
    );
  });

  it('writes the track number with two digits, or leaves number and space out', () => {
    const name = (trackNumber: number | null) =>
      savePathFor(input({ wmp: wmpJob({ trackNumber }) })).split('/')[3];
    expect(name(7)).toBe('07 Opening Night.mp3');
    expect(name(0)).toBe('00 Opening Night.mp3');
    expect(name(12)).toBe('12 Opening Night.mp3');
    expect(name(123)).toBe('123 Opening Night.mp3');
    expect(name(null)).toBe('Opening Night.mp3');
  });

  it('uses Unknown Artist and Unknown Album for empty fields', () => {
    expect(savePathFor(input({ wmp: wmpJob({ albumArtist: '', albumTitle: '' }) }))).toBe(
      'Proseware/Unknown Artist/Unknown Album/03 Opening Night.mp3',
    );
    expect(savePathFor(input({ wmp: wmpJob({ albumArtist: '  ', albumTitle: '..' }) }))).toBe(
      'Proseware/Unknown Artist/Unknown Album/03 Opening Night.mp3',
    );
  });

  it('names an untitled track after the URL, without its extension', () => {
    const wmp = wmpJob({ title: '' });
    expect(savePathFor(input({ wmp, file: file({ url: 'https://cdn.example/t/Intro%20Jam.mp3' }) }))).toBe(
      'Proseware/The Band/Live/03 Intro Jam.mp3',
    );
    expect(savePathFor(input({ wmp: wmpJob({ title: '', trackNumber: null }) }))).toBe(
      'Proseware/The Band/Live/3.mp3',
    );
  });

  it('takes the extension from the final URL, else Content-Type, else bin', () => {
    const ext = (facts: Partial<SavedFileFacts>) =>
      savePathFor(input({ wmp: wmpJob(), file: file(facts) }))
        .split('.')
        .pop();
    expect(ext({ url: 'https://a.example/x.wma', contentType: 'audio/mpeg' })).toBe('wma');
    expect(ext({ url: 'https://a.example/x.wma', finalUrl: 'https://b.example/y.flac' })).toBe('flac');
    expect(
      ext({
        url: 'https://a.example/x.mp3',
        finalUrl: 'https://b.example/blob?id=1',
        contentType: 'audio/ogg',
      }),
    ).toBe('ogg');
    expect(ext({ url: 'https://a.example/get?track=3', contentType: 'video/x-ms-wmv; q=1' })).toBe('wmv');
    expect(ext({ url: 'https://a.example/get', contentType: 'application/octet-stream' })).toBe('bin');
    expect(ext({ url: 'https://a.example/', contentType: null })).toBe('bin');
  });

  it('makes every library component safe', () => {
    const wmp = wmpJob({
      provider: '../..',
      albumArtist: 'AC/DC',
      albumTitle: 'CON',
      title: 'What? *Live*',
      trackNumber: 1,
    });
    expect(savePathFor(input({ wmp, downloadFolder: '../up' }))).toBe('up/_/AC_DC/CON_/01 What_ _Live_.mp3');
  });

  it('ignores the file name the page gave, since the library layout decides', () => {
    expect(savePathFor(input({ wmp: wmpJob(), file: file({ name: 'given.mp3' }) }))).toBe(
      'Proseware/The Band/Live/03 Opening Night.mp3',
    );
  });
});

describe('savePathFor, other jobs', () => {
  it('puts the file of a one-file job straight under the base folder', () => {
    expect(savePathFor(input({ file: file({ name: 'report.pdf' }) }))).toBe('report.pdf');
    expect(savePathFor(input({ downloadFolder: 'WebBITS', file: file({ name: 'report.pdf' }) }))).toBe(
      'WebBITS/report.pdf',
    );
  });

  it('gives a job with several files a folder named after the job', () => {
    expect(
      savePathFor(input({ fileCount: 3, displayName: 'Album: Live?', file: file({ name: 'a.mp3' }) })),
    ).toBe('Album_ Live_/a.mp3');
    expect(savePathFor(input({ fileCount: 2, displayName: '..', downloadFolder: 'x' }))).toBe('x/_/3.mp3');
  });

  it('saves a WMP_STATUS job under its plain name', () => {
    const wmp: WmpInfo = { ...wmpJob(), kind: 'status' };
    expect(
      savePathFor(input({ wmp, file: file({ contentDisposition: 'attachment; filename="Track.wma"' }) })),
    ).toBe('Track.wma');
  });
});

describe('fileNameFor', () => {
  it('uses the given name first', () => {
    const facts = file({ name: 'mine.txt', contentDisposition: 'attachment; filename=theirs.txt' });
    expect(fileNameFor(facts)).toBe('mine.txt');
  });

  it('then the Content-Disposition filename, filename* first', () => {
    expect(
      fileNameFor(file({ contentDisposition: `attachment; filename=a.txt; filename*=UTF-8''%C3%A9.txt` })),
    ).toBe('é.txt');
  });

  it('then the last segment of the final URL path, percent-decoded', () => {
    expect(
      fileNameFor(
        file({
          url: 'https://a.example/x/first.mp3',
          finalUrl: 'https://b.example/y/f%C3%BCr%20dich.mp3?q=1',
        }),
      ),
    ).toBe('für dich.mp3');
    expect(fileNameFor(file({ url: 'https://a.example/a%2Fb%3F.txt' }))).toBe('a_b_.txt');
    expect(fileNameFor(file({ url: 'https://a.example/bad%E0%A4%A.txt' }))).toBe('bad%E0%A4%A.txt');
  });

  it('then download', () => {
    expect(fileNameFor(file({ url: 'https://a.example/' }))).toBe('download');
    expect(fileNameFor(file({ url: 'not a url' }))).toBe('download');
    expect(fileNameFor(file({ name: ' ', url: 'https://a.example/dir/' }))).toBe('download');
  });

  it('adds an extension from Content-Type only when the name has none', () => {
    expect(fileNameFor(file({ url: 'https://a.example/', contentType: 'text/plain; charset=utf-8' }))).toBe(
      'download.txt',
    );
    expect(fileNameFor(file({ name: 'notes', contentType: 'text/markdown' }))).toBe('notes.md');
    expect(fileNameFor(file({ name: 'photo.jpeg', contentType: 'image/png' }))).toBe('photo.jpeg');
    expect(fileNameFor(file({ name: 'blob', contentType: 'application/octet-stream' }))).toBe('blob');
  });

  it('is safe whatever the server says', () => {
    expect(fileNameFor(file({ contentDisposition: 'attachment; filename="..\\\\CON.txt"' }))).toBe(
      'CON_.txt',
    );
    expect(fileNameFor(file({ name: 'x'.repeat(200), contentType: 'audio/mpeg' }))).toBe(
      `${'x'.repeat(116)}.mp3`,
    );
  });
});

describe('urlFileName', () => {
  it('is the decoded last path segment, or null', () => {
    expect(urlFileName('https://a.example/t/3.mp3#frag')).toBe('3.mp3');
    expect(urlFileName('https://a.example/t/')).toBeNull();
    expect(urlFileName('::')).toBeNull();
  });
});

describe('savePathFor safety', () => {
  const wmpInfo = fc.record({
    kind: fc.constantFrom('job' as const, 'status' as const),
    serviceId: fc.constant(1),
    provider: hostileString,
    albumArtist: hostileString,
    albumTitle: hostileString,
    trackNumber: fc.option(fc.nat()),
    title: hostileString,
    duration: fc.constant(null),
    rating: fc.constant(null),
  });
  const urlish = fc.oneof(
    hostileString.map((text) => `https://h.example/${encodeURIComponent(text.replace(/\p{Cs}/gu, '?'))}`),
    hostileString.map((text) => `https://h.example/${text}`),
    hostileString,
  );
  const facts = fc.record({
    name: fc.option(hostileString),
    url: urlish,
    finalUrl: fc.option(urlish),
    contentDisposition: fc.option(hostileString.map((text) => `attachment; filename="${text}"`)),
    contentType: fc.option(fc.constantFrom('audio/mpeg', 'text/plain', 'application/octet-stream', 'x/y')),
  });

  it('never leaves the base folder or breaks a naming rule', () => {
    fc.assert(
      fc.property(
        hostileString,
        hostileString,
        fc.option(wmpInfo),
        fc.integer({ min: 1, max: 3 }),
        facts,
        (folder, displayName, wmp, fileCount, fileFacts) => {
          const path = savePathFor({ downloadFolder: folder, displayName, wmp, fileCount, file: fileFacts });
          expect(pathSafetyProblems(path, sanitizeFolderPath(folder))).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
