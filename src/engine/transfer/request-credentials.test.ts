import { describe, expect, it } from 'vitest';
import { credentialsFor, siteOf } from './request-credentials';

describe('siteOf', () => {
  it('is the scheme and registrable domain, without the port', () => {
    expect(siteOf('https://shop.example.com:8443/a')).toBe('https://example.com');
    expect(siteOf('https://cdn.shop.example.co.uk/t.mp3')).toBe('https://example.co.uk');
    expect(siteOf('http://127.0.0.1:5000/x')).toBe('http://127.0.0.1');
    expect(siteOf('http://localhost:5000/x')).toBe('http://localhost');
    expect(siteOf('http://[::1]:80/')).toBe('http://[::1]');
  });
  it('treats private suffixes as browsers do', () => {
    expect(siteOf('https://alice.github.io/')).not.toBe(siteOf('https://mallory.github.io/'));
  });
  it('has no site for other schemes or garbage', () => {
    expect(siteOf('ftp://example.com/')).toBeNull();
    expect(siteOf('not a url')).toBeNull();
  });
});

describe('credentialsFor', () => {
  it('sends cookies for jobs the person started, to any site', () => {
    expect(credentialsFor('user', 'https://files.other.example/a.bin')).toBe('include');
  });
  it('sends cookies for a page job only to its own site', () => {
    const owner = 'https://shop.example.com';
    expect(credentialsFor(owner, 'https://cdn.example.com/a.bin')).toBe('include');
    expect(credentialsFor(owner, 'https://shop.example.com:444/a.bin')).toBe('include');
    expect(credentialsFor(owner, 'https://bank.example/a.bin')).toBe('omit');
    expect(credentialsFor(owner, 'http://shop.example.com/a.bin')).toBe('omit');
    expect(credentialsFor('http://127.0.0.1:8080', 'http://localhost:8080/a')).toBe('omit');
    expect(credentialsFor('http://127.0.0.1:8080', 'http://127.0.0.1:9/a')).toBe('include');
  });
  it('never sends cookies for an owner without a site', () => {
    expect(credentialsFor('null', 'https://example.com/a')).toBe('omit');
  });
});
