import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configCheck } from './config-check.js';
import { tempDoctorHome } from './test-support/doctor-context.js';

let temp: ReturnType<typeof tempDoctorHome>;
beforeEach(() => (temp = tempDoctorHome()));
afterEach(() => temp.release());

describe('configCheck', () => {
  it('is green without a config file and with a valid one', async () => {
    expect(await configCheck(temp.ctx)).toEqual([{ check: 'config', status: 'ok', message: 'no config.json: defaults apply' }]);
    writeFileSync(join(temp.home, 'config.json'), JSON.stringify({ port: 3100, web: true }));
    expect((await configCheck(temp.ctx))[0]).toMatchObject({ status: 'ok', message: expect.stringMatching(/config\.json is valid \(2 settings\)$/) });
  });

  it('is red naming the field of a bad config file, or the bad variable, with a fix', async () => {
    writeFileSync(join(temp.home, 'config.json'), JSON.stringify({ wsPort: -1 }));
    const [bad] = await configCheck(temp.ctx);
    expect(bad).toMatchObject({ status: 'fail', message: expect.stringContaining('is invalid: wsPort: expected a port') });
    expect(bad!.fix).toMatch(/codepiper config set/);
    writeFileSync(join(temp.home, 'config.json'), '{}');
    expect((await configCheck({ ...temp.ctx, env: { CODEPIPER_WEB: 'perhaps' } }))[0]).toMatchObject({ status: 'fail', message: 'CODEPIPER_WEB=perhaps: expected true or false' });
  });

  it('does not apply to a remote daemon', async () => {
    expect(await configCheck({ ...temp.ctx, local: false })).toEqual([]);
  });
});
