import { describe, expect, it } from 'vitest';
import { gateRedirect, loginPath, safeNext } from './auth-gate';

describe('safeNext', () => {
  it('follows same-origin paths only', () => {
    expect(safeNext('/sessions/a1b2c3d4?x=1')).toBe('/sessions/a1b2c3d4?x=1');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('never returns to the login or setup page', () => {
    expect(safeNext('/login?next=/x')).toBe('/');
    expect(safeNext('/setup')).toBe('/');
  });
});

describe('loginPath', () => {
  it('carries the page to come back to, unless it is the start page', () => {
    expect(loginPath('/settings')).toBe('/login?next=%2Fsettings');
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('//evil.example')).toBe('/login');
  });
});

describe('gateRedirect', () => {
  const anon = { setupRequired: false, authenticated: false };
  const owner = { setupRequired: false, authenticated: true };
  const fresh = { setupRequired: true, authenticated: false };

  it('sends everyone to setup until an owner exists', () => {
    expect(gateRedirect('/', '', fresh)).toBe('/setup');
    expect(gateRedirect('/login', '', fresh)).toBe('/setup');
    expect(gateRedirect('/setup', '', fresh)).toBeUndefined();
  });

  it('sends a visitor to login and remembers where they were going', () => {
    expect(gateRedirect('/sessions/a1b2c3d4', '', anon)).toBe('/login?next=%2Fsessions%2Fa1b2c3d4');
    expect(gateRedirect('/', '', anon)).toBe('/login');
    expect(gateRedirect('/login', '?next=/settings', anon)).toBeUndefined();
    expect(gateRedirect('/setup', '', anon)).toBe('/login');
  });

  it('lets the owner in, and back to where they were going after login', () => {
    expect(gateRedirect('/settings', '', owner)).toBeUndefined();
    expect(gateRedirect('/login', '?next=%2Fsettings', owner)).toBe('/settings');
    expect(gateRedirect('/setup', '', owner)).toBe('/');
  });

  it('treats a trailing slash like the bare path', () => {
    expect(gateRedirect('/login/', '', anon)).toBeUndefined();
  });
});
