import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homePermissionsCheck } from './home-permissions-check.js';
import { tempDoctorHome } from './test-support/doctor-context.js';

let temp: ReturnType<typeof tempDoctorHome>;
beforeEach(() => (temp = tempDoctorHome()));
afterEach(() => temp.release());

describe('homePermissionsCheck', () => {
  it('is green for a 0700 home with 0600 files', async () => {
    writeFileSync(join(temp.home, 'codepiper.db'), '', { mode: 0o600 });
    mkdirSync(join(temp.home, 'keys'), { mode: 0o700 });
    writeFileSync(join(temp.home, 'keys', 'secret.key'), 'k', { mode: 0o600 });
    expect(await homePermissionsCheck(temp.ctx)).toEqual([{ check: 'permissions', status: 'ok', message: `${temp.home} is private (0700) and so are its sensitive files (0600)` }]);
  });

  it('is green for a home that does not exist yet', async () => {
    expect((await homePermissionsCheck({ ...temp.ctx, home: join(temp.home, 'missing') }))[0]).toMatchObject({ status: 'ok', message: expect.stringContaining('does not exist yet') });
  });

  it('is red for a home others can enter, with the chmod that fixes it', async () => {
    chmodSync(temp.home, 0o755);
    expect(await homePermissionsCheck(temp.ctx)).toEqual([
      { check: 'permissions', status: 'fail', message: `${temp.home} has mode 0755: other users may reach the daemon socket and your data`, fix: `chmod 700 ${temp.home}` },
    ]);
  });

  it('is red for sensitive files and folders others can read, listing them', async () => {
    writeFileSync(join(temp.home, 'config.json'), '{}', { mode: 0o644 });
    mkdirSync(join(temp.home, 'logs'), { mode: 0o755 });
    writeFileSync(join(temp.home, 'logs', 'daemon.log'), '', { mode: 0o640 });
    chmodSync(join(temp.home, 'logs'), 0o755);
    const results = await homePermissionsCheck(temp.ctx);
    expect(results).toContainEqual({ check: 'permissions', status: 'fail', message: `readable by other users: ${join(temp.home, 'logs')}`, fix: `chmod 700 ${join(temp.home, 'logs')}` });
    expect(results).toContainEqual({
      check: 'permissions',
      status: 'fail',
      message: `readable by other users: ${join(temp.home, 'config.json')}, ${join(temp.home, 'logs', 'daemon.log')}`,
      fix: `chmod 600 ${join(temp.home, 'config.json')} ${join(temp.home, 'logs', 'daemon.log')}`,
    });
  });
});
