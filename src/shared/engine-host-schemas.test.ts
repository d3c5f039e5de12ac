import { describe, expect, it } from 'vitest';
import { HOST_CALL_KIND } from './engine-host-api';
import { parseHostCall, parseReplyResult } from './engine-host-schemas';

describe('parseHostCall', () => {
  it('takes a call without input as runtime messaging delivers it (the input key dropped)', () => {
    const sent = JSON.parse(
      JSON.stringify({ kind: HOST_CALL_KIND, method: 'listBackingFiles', input: undefined }),
    );
    expect(parseHostCall(sent)).toEqual({
      ok: true,
      call: { kind: HOST_CALL_KIND, method: 'listBackingFiles', input: undefined },
    });
  });

  it('still checks the input of a method that needs one', () => {
    const result = parseHostCall({ kind: HOST_CALL_KIND, method: 'setWriteQuota' });
    expect(result.ok).toBe(false);
  });

  it('refuses a message that is not a call', () => {
    expect(parseHostCall({ kind: 'other', method: 'listBackingFiles' })).toEqual({
      ok: false,
      message: 'not an engine host call',
    });
  });
});

describe('handOff', () => {
  const call = (input: unknown) => parseHostCall({ kind: HOST_CALL_KIND, method: 'handOff', input });

  it('takes a job and one Cookie header (or null) for its one file', () => {
    expect(call({ scope: '*', id: 'j', cookies: ['a=1'] }).ok).toBe(true);
    expect(call({ scope: '*', id: 'j', cookies: [null] }).ok).toBe(true);
  });

  it('refuses more cookies than files a hand-off takes, and anything else in the call', () => {
    expect(call({ scope: '*', id: 'j', cookies: ['a=1', 'b=2'] }).ok).toBe(false);
    expect(call({ scope: '*', id: 'j', cookies: [1] }).ok).toBe(false);
    expect(call({ scope: '*', id: 'j', cookies: [], address: 'http://elsewhere' }).ok).toBe(false);
  });
});

describe('reply across the host boundary', () => {
  it('takes reply with a scope and an id, and reads back only { base64 }', () => {
    expect(parseHostCall({ kind: HOST_CALL_KIND, method: 'reply', input: { scope: '*', id: 'j' } }).ok).toBe(
      true,
    );
    expect(parseHostCall({ kind: HOST_CALL_KIND, method: 'reply', input: { id: 'j' } }).ok).toBe(false);
    expect(parseReplyResult({ base64: 'aGk=' })).toEqual({ base64: 'aGk=' });
    expect(parseReplyResult({ base64: 1 })).toBeNull();
    expect(parseReplyResult({ base64: 'aGk=', extra: true })).toBeNull();
  });
});
