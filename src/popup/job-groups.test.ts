import { describe, expect, it } from 'vitest';
import { makeJob } from './job-fixture';
import { firstRows, groupByOwner, ownerHost } from './job-groups';

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

describe('firstRows', () => {
  const groups = groupByOwner([
    item('a', 'user', 3),
    item('b', 'user', 2),
    item('c', 'https://s.example', 1),
  ]);

  it('cuts across groups in order', () => {
    expect(firstRows(groups, 1).map((g) => g.items.map((i) => i.job.id))).toEqual([['a']]);
    expect(firstRows(groups, 3).map((g) => g.items.map((i) => i.job.id))).toEqual([['a', 'b'], ['c']]);
    expect(firstRows(groups, 0)).toEqual([]);
  });

  it('keeps a whole group as it is', () => {
    expect(firstRows(groups, 10)[0]).toBe(groups[0]);
  });
});
