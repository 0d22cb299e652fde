import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushKeysCheck } from './push-keys-check.js';
import { tempDoctorHome } from './test-support/doctor-context.js';

let temp: ReturnType<typeof tempDoctorHome>;
beforeEach(() => (temp = tempDoctorHome()));
afterEach(() => temp.release());

const writeKeys = (keys: unknown) => {
  mkdirSync(join(temp.home, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(join(temp.home, 'keys', 'vapid.json'), typeof keys === 'string' ? keys : JSON.stringify(keys), { mode: 0o600 });
};
const publicKey = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
const privateKey = Buffer.alloc(32, 9).toString('base64url');

describe('pushKeysCheck', () => {
  it('is yellow before the daemon made the keys, with how to make them', async () => {
    expect((await pushKeysCheck(temp.ctx))[0]).toMatchObject({ status: 'warn', message: expect.stringMatching(/^no push keys yet/), fix: expect.stringContaining('codepiper daemon') });
  });

  it('is green with a well-formed key pair', async () => {
    writeKeys({ publicKey, privateKey, createdAt: '2026-01-01T00:00:00Z' });
    expect((await pushKeysCheck(temp.ctx))[0]).toMatchObject({ status: 'ok', message: expect.stringMatching(/^push keys present/) });
  });

  it('is red with a damaged file, saying what is wrong', async () => {
    writeKeys({ publicKey, privateKey: 'short' });
    expect((await pushKeysCheck(temp.ctx))[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('privateKey is not 32 bytes') });
    writeKeys('not json');
    expect((await pushKeysCheck(temp.ctx))[0]).toMatchObject({ status: 'fail', message: expect.stringContaining('publicKey is not a P-256 point') });
  });
});
