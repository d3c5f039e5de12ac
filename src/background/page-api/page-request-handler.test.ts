import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../engine/types';
import { mirrorSnapshot } from './page-request-handler';
import { OTHER, SHOP, failure, flush, pageApiSetup } from './page-api-test-support';

const album = (n: number) => ({ url: `https://cdn.example/album/${n}.mp3` });
const init = (files = 1, patch: Record<string, unknown> = {}) => ({
  displayName: 'Album',
  files: Array.from({ length: files }, (_, i) => album(i)),
  ...patch,
});
const WMP = '::WMP_JOB:1:424242:Proseware:The Band:Live%3A 1999:3:Opening Night:215:75';

describe('page requests: jobs', () => {
  it('creates a suspended job owned by the calling origin', async () => {
    const { call } = await pageApiSetup();
    const job = (await call(SHOP, 'createJob', { init: init(2) })) as JobInfo;
    expect(job.owner).toBe(SHOP);
    expect(job.state).toBe('SUSPENDED');
    expect(job.files.map((f) => f.url)).toEqual([album(0).url, album(1).url]);
    const resumed = (await call(SHOP, 'resume', { id: job.id })) as JobInfo;
    expect(resumed.state).not.toBe('SUSPENDED');
  });

  it("hides one origin's jobs from another, exactly as if they did not exist", async () => {
    const { call } = await pageApiSetup();
    const job = (await call(SHOP, 'createJob', { init: init() })) as JobInfo;
    for (const method of ['getJob', 'resume', 'suspend', 'cancel', 'complete'] as const) {
      expect((await failure(call(OTHER, method, { id: job.id }))).name).toBe('BG_E_NOT_FOUND');
    }
    expect((await failure(call(OTHER, 'addFiles', { id: job.id, files: [album(9)] }))).name).toBe(
      'BG_E_NOT_FOUND',
    );
    expect((await failure(call(OTHER, 'setPriority', { id: job.id, priority: 'high' }))).name).toBe(
      'BG_E_NOT_FOUND',
    );
    expect(await call(OTHER, 'getJobs')).toEqual([]);
    expect(((await call(SHOP, 'getJobs')) as JobInfo[]).map((j) => j.id)).toEqual([job.id]);
    // The job is untouched.
    expect(((await call(SHOP, 'getJob', { id: job.id })) as JobInfo).state).toBe('SUSPENDED');
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,hi'])(
    'refuses %s with a TypeError naming files[i].url, without asking',
    async (url) => {
      const { call, asked } = await pageApiSetup({});
      const error = await failure(
        call(SHOP, 'createJob', { init: { displayName: 'x', files: [album(0), { url }] } }),
      );
      expect(error).toEqual({
        name: 'TypeError',
        message: 'files[1].url: only http and https URLs can be downloaded',
      });
      expect(asked).toEqual([]);
    },
  );

  it('passes mirrors and the transfer policy on, and changes a file link with setFileUrl', async () => {
    const { call } = await pageApiSetup();
    const mirrors = ['https://eu.cdn.example/album/0.mp3'];
    const job = (await call(SHOP, 'createJob', {
      init: { displayName: 'Album', files: [{ ...album(0), mirrors }], transferPolicy: 'unmetered' },
    })) as JobInfo;
    expect(job.files[0]?.mirrors).toEqual(mirrors);
    expect(job.transferPolicy).toBe('unmetered');
    const changed = (await call(SHOP, 'setFileUrl', {
      id: job.id,
      fileIndex: 0,
      url: 'https://cdn.example/album/0.mp3?sig=new',
    })) as JobInfo;
    expect(changed.files[0]?.url).toBe('https://cdn.example/album/0.mp3?sig=new');
    expect(
      (await failure(call(OTHER, 'setFileUrl', { id: job.id, fileIndex: 0, url: album(1).url }))).name,
    ).toBe('BG_E_NOT_FOUND');
  });

  it('refuses a malformed setFileUrl with a TypeError naming the field, without asking', async () => {
    const { call, asked } = await pageApiSetup({});
    const id = '00000000-0000-4000-8000-000000000001';
    expect(await failure(call(SHOP, 'setFileUrl', { id, fileIndex: -1, url: album(0).url }))).toEqual({
      name: 'TypeError',
      message: 'fileIndex: must be a whole number, 0 or more',
    });
    expect(await failure(call(SHOP, 'setFileUrl', { id, fileIndex: 0, url: 'ftp://x/y' }))).toEqual({
      name: 'TypeError',
      message: 'url: only http and https URLs can be downloaded',
    });
    expect(asked).toEqual([]);
  });

  it("refuses a page's referrer: only the person's own downloads carry a Referer", async () => {
    const { call } = await pageApiSetup();
    const error = await failure(
      call(SHOP, 'createJob', { init: init(1, { referrer: 'https://bank.example/account' }) }),
    );
    expect(error).toEqual({ name: 'TypeError', message: 'referrer: this field cannot be set by a page' });
    const job = (await call(SHOP, 'createJob', { init: init() })) as JobInfo;
    expect(job).not.toHaveProperty('referrer');
  });

  it('answers limits with their BITS codes', async () => {
    const { call } = await pageApiSetup();
    expect((await failure(call(SHOP, 'createJob', { init: init(201) }))).name).toBe(
      'BG_E_TOO_MANY_FILES_IN_JOB',
    );
    expect(
      (await failure(call(SHOP, 'createJob', { init: init(1, { displayName: 'x'.repeat(257) }) }))).name,
    ).toBe('BG_E_STRING_TOO_LONG');
    expect(
      (await failure(call(SHOP, 'createJob', { init: init(1, { description: 'x'.repeat(1025) }) }))).name,
    ).toBe('BG_E_STRING_TOO_LONG');
    const long = await failure(
      call(SHOP, 'createJob', { init: init(1, { displayName: 'x'.repeat(5_000_000) }) }),
    );
    expect(long.name).toBe('BG_E_STRING_TOO_LONG');
    const job = (await call(SHOP, 'createJob', { init: init(150) })) as JobInfo;
    const more = await failure(
      call(SHOP, 'addFiles', { id: job.id, files: Array.from({ length: 51 }, (_, i) => album(i)) }),
    );
    expect(more.name).toBe('BG_E_TOO_MANY_FILES_IN_JOB');
  });

  it('rejects malformed arguments with a TypeError naming the field', async () => {
    const { call } = await pageApiSetup();
    const cases: Array<[string, unknown, string]> = [
      [
        'createJob',
        { init: init(1, { description: '::WMP_JOB:1:0:Proseware:A:B:1:T:1:1' }) },
        'description:',
      ],
      ['createJob', { init: init(1, { description: '::WMP_JOB:1:7:Proseware:A:B:1:T:1' }) }, 'description:'],
      ['createJob', { init: init(2, { description: WMP }) }, 'files:'],
      ['createJob', { init: init(1, { priority: 'urgent' }) }, 'priority:'],
      ['createJob', { init: init(1, { headers: { Cookie: 'a=b' } }) }, 'headers.Cookie:'],
      ['createJob', { init: init(1, { minimumRetryDelay: 1 }) }, 'minimumRetryDelay:'],
      [
        'createJob',
        { init: { displayName: 'x', files: [{ url: 'https://a.example/x', name: '../x' }] } },
        'files[0].name:',
      ],
      ['createJob', { init: 'album' }, 'init:'],
      ['getJob', { id: 42 }, 'id:'],
      ['setPriority', { id: 'x', priority: 'now' }, 'priority:'],
    ];
    for (const [method, args, field] of cases) {
      const error = await failure(call(SHOP, method as 'createJob', args));
      expect(error.name, `${method} ${JSON.stringify(args).slice(0, 80)}`).toBe('TypeError');
      expect(error.message.startsWith(field), error.message).toBe(true);
    }
  });

  it('accepts an empty job, which cannot be resumed until it has files', async () => {
    const { call } = await pageApiSetup();
    const job = (await call(SHOP, 'createJob', { init: init(0) })) as JobInfo;
    expect((await failure(call(SHOP, 'resume', { id: job.id }))).name).toBe('BG_E_EMPTY');
    await call(SHOP, 'addFiles', { id: job.id, files: [album(1)] });
    expect(((await call(SHOP, 'resume', { id: job.id })) as JobInfo).state).not.toBe('SUSPENDED');
  });

  it('refuses every method on a final job with BG_E_INVALID_STATE', async () => {
    const { call } = await pageApiSetup();
    const job = (await call(SHOP, 'createJob', { init: init() })) as JobInfo;
    expect(((await call(SHOP, 'cancel', { id: job.id })) as JobInfo).state).toBe('CANCELLED');
    for (const method of ['resume', 'suspend', 'cancel', 'complete'] as const) {
      expect((await failure(call(SHOP, method, { id: job.id }))).name).toBe('BG_E_INVALID_STATE');
    }
    expect((await failure(call(SHOP, 'addFiles', { id: job.id, files: [album(1)] }))).name).toBe(
      'BG_E_INVALID_STATE',
    );
  });
});

describe('page requests: consent', () => {
  it('asks once for calls made while the prompt is open, and goes on when allowed', async () => {
    const { call, prompts, asked } = await pageApiSetup({});
    const calls = [
      call(SHOP, 'createJob', { init: init() }),
      call(SHOP, 'getJobs'),
      call(SHOP, 'requestAccess'),
    ];
    await flush();
    expect(asked).toEqual([SHOP]);
    prompts[0]?.answer('allowed');
    const [job, jobs, access] = await Promise.all(calls);
    expect((job as JobInfo).owner).toBe(SHOP);
    expect(jobs).toEqual([]);
    expect(access).toBe('granted');
    await call(SHOP, 'getJobs');
    expect(asked).toEqual([SHOP]);
  });

  it('fails with NotAllowedError when blocked, and never asks a blocked origin again', async () => {
    const { call, prompts, asked } = await pageApiSetup({});
    const first = call(SHOP, 'createJob', { init: init() });
    await flush();
    prompts[0]?.answer('blocked');
    expect((await failure(first)).name).toBe('NotAllowedError');
    expect((await failure(call(SHOP, 'getJobs'))).name).toBe('NotAllowedError');
    expect(await call(SHOP, 'requestAccess')).toBe('denied');
    expect(asked).toEqual([SHOP]);
  });

  it('treats a prompt closed without an answer as no decision: the next call asks again', async () => {
    const { call, prompts, asked } = await pageApiSetup({});
    const first = call(SHOP, 'getJobs');
    await flush();
    prompts[0]?.answer(null);
    expect((await failure(first)).name).toBe('NotAllowedError');
    const second = call(SHOP, 'getJobs');
    await flush();
    expect(asked).toEqual([SHOP, SHOP]);
    prompts[1]?.answer('allowed');
    expect(await second).toEqual([]);
  });

  it.each([null, 'null', 'data:', 'file://', 'chrome-extension://abc'])(
    'refuses the origin %s without a prompt',
    async (origin) => {
      const { call, asked } = await pageApiSetup({});
      expect((await failure(call(origin, 'createJob', { init: init() }))).name).toBe('NotAllowedError');
      expect((await failure(call(origin, 'requestAccess'))).name).toBe('NotAllowedError');
      expect(asked).toEqual([]);
    },
  );

  it('gives the mirror without asking, and an empty one until the origin is allowed', async () => {
    const { call, asked } = await pageApiSetup({});
    expect(await call(SHOP, 'subscribe', { mirror: true })).toEqual({ collections: [], jobs: [] });
    expect(asked).toEqual([]);
  });
});

describe('page requests: WMP collections', () => {
  it('puts a ::WMP_JOB job into the collection serviceId of its own origin', async () => {
    const { call, deps, changed } = await pageApiSetup();
    const job = (await call(SHOP, 'createJob', { init: init(1, { description: WMP }) })) as JobInfo;
    expect(job.collectionId).toBe(424242);
    expect(job.wmp?.albumTitle).toBe('Live: 1999');
    expect(changed).toEqual([SHOP]);
    const mirror = await mirrorSnapshot(SHOP, deps);
    expect(mirror.collections).toEqual([{ id: 424242, jobIds: [job.id] }]);
    expect(mirror.jobs.map((j) => j.id)).toEqual([job.id]);
    expect((await mirrorSnapshot(OTHER, deps)).collections).toEqual([]);
  });

  it('startDownload makes a started one-file job named after the file, priority by type', async () => {
    const { call, deps } = await pageApiSetup();
    await call(SHOP, 'createCollection', { collectionId: -7 });
    const background = (await call(SHOP, 'startDownload', {
      collectionId: -7,
      url: 'https://cdn.example/t/01%20Intro.mp3',
      type: 'background',
    })) as JobInfo;
    const realTime = (await call(SHOP, 'startDownload', {
      collectionId: -7,
      url: 'https://cdn.example/t/2.wma',
      type: 'real time',
    })) as JobInfo;
    expect(background.displayName).toBe('01 Intro.mp3');
    expect(background.priority).toBe('normal');
    expect(realTime.priority).toBe('foreground');
    expect(background.state).not.toBe('SUSPENDED');
    expect(background.collectionId).toBe(-7);
    expect((await mirrorSnapshot(SHOP, deps)).collections).toEqual([
      { id: -7, jobIds: [background.id, realTime.id] },
    ]);
    const error = await failure(
      call(SHOP, 'startDownload', { collectionId: -7, url: 'file:///x', type: 'background' }),
    );
    expect(error).toEqual({
      name: 'TypeError',
      message: 'sourceURL: only http and https URLs can be downloaded',
    });
  });

  it('applies WMP calls made before consent once the person allows the site', async () => {
    const { call, prompts, asked, deps } = await pageApiSetup({});
    const created = call(SHOP, 'createCollection', { collectionId: 11 });
    const started = call(SHOP, 'startDownload', {
      collectionId: 11,
      url: 'https://cdn.example/t/1.mp3',
      type: 'background',
    });
    await flush();
    expect(asked).toEqual([SHOP]);
    prompts[0]?.answer('allowed');
    await created;
    const job = (await started) as JobInfo;
    expect((await mirrorSnapshot(SHOP, deps)).collections).toEqual([{ id: 11, jobIds: [job.id] }]);
  });

  it('removeItem cancels an unfinished item and removes it; other origins cannot touch it', async () => {
    const { call, deps, engine } = await pageApiSetup();
    const item = (await call(SHOP, 'startDownload', {
      collectionId: 5,
      url: 'https://cdn.example/t/1.mp3',
      type: 'background',
    })) as JobInfo;
    expect((await failure(call(OTHER, 'removeItem', { collectionId: 5, jobId: item.id }))).name).toBe(
      'BG_E_NOT_FOUND',
    );
    await call(SHOP, 'removeItem', { collectionId: 5, jobId: item.id });
    expect(engine.getJob(SHOP, item.id).state).toBe('CANCELLED');
    expect((await mirrorSnapshot(SHOP, deps)).collections).toEqual([{ id: 5, jobIds: [] }]);
  });

  it('keeps collections across a restart of the background (same storage)', async () => {
    const first = await pageApiSetup();
    await first.call(SHOP, 'createCollection', { collectionId: 99 });
    const { createCollectionRegistry } = await import('./collection-registry');
    const again = createCollectionRegistry(first.storage);
    expect(await again.list(SHOP)).toEqual([{ id: 99, jobIds: [] }]);
    expect(await again.list(OTHER)).toEqual([]);
  });
});

describe('page requests: uploads', () => {
  const ref = () => ({ staged: crypto.randomUUID(), size: 10, type: '' });

  it('drops the Blobs the bridge staged for a call refused before it reached the engine', async () => {
    const { call, deps } = await pageApiSetup({ [SHOP]: 'allowed', [OTHER]: 'blocked' });
    const discarded: string[] = [];
    deps.staging.remove = async (staged) => void discarded.push(staged);
    const a = ref();
    const b = ref();
    const two = {
      displayName: 'x',
      type: 'upload',
      files: [
        { url: `${SHOP}/u`, data: a },
        { url: `${SHOP}/u`, data: b },
      ],
    };
    expect(await failure(call(SHOP, 'createJob', { init: two }))).toEqual({
      name: 'TypeError',
      message: 'files: an upload job has exactly one file (2 given)',
    });
    expect(discarded).toEqual([a.staged, b.staged]);
    const c = ref();
    const one = { displayName: 'x', type: 'upload', files: [{ url: `${OTHER}/u`, data: c }] };
    expect((await failure(call(OTHER, 'createJob', { init: one }))).name).toBe('NotAllowedError');
    expect(discarded).toContain(c.staged);
  });
});
