import { describe, expect, it } from 'vitest';
import { makeJob } from './job-fixture';
import { groupByOwner, ownerHost } from './job-groups';

const item = (id: string, owner: string, created: number) => ({
  job: makeJob({ id, owner, times: { created, modified: created, transferCompleted: null } }),
});

describe('groupByOwner', () => {
  it('groups by owner, newest job first, groups in order of their newest job', () => {
    const groups = groupByOwner([
      item('a', 'user', 1),
      item('b', 'https://shop.example', 2),
      item('c', 'user', 3),
      item('d', 'https://shop.example:8443', 0),
    ]);
    expect(groups.map((g) => [g.owner, g.items.map((i) => i.job.id)])).toEqual([
      ['user', ['c', 'a']],
      ['https://shop.example', ['b']],
      ['https://shop.example:8443', ['d']],
    ]);
  });

  it('is empty for no jobs', () => {
    expect(groupByOwner([])).toEqual([]);
  });
});

describe('ownerHost', () => {
  it('is the host name of a page origin and null for the user', () => {
    expect(ownerHost('https://shop.example:8443')).toBe('shop.example');
    expect(ownerHost('user')).toBeNull();
  });
});
