import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { openDatabase, type CodePiperDatabase } from './database.js';
import type { NewSessionRecord } from './session-record.js';
import { SessionRepository } from './session-repository.js';

let dir: string;
let database: CodePiperDatabase;
let repo: SessionRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-repo-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new SessionRepository(database);
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function session(id: string, name: string, extra: Partial<NewSessionRecord> = {}): NewSessionRecord {
  return { id, name, command: ['claude', '--resume'], cwd: '/home/me/project', cols: 120, rows: 32, ...extra };
}

function coreError(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}

function eventCount(): number {
  return (database.sqlite.prepare('SELECT COUNT(*) AS n FROM session_events').get() as { n: number }).n;
}

describe('SessionRepository.insert', () => {
  it('stores a new session with running defaults', () => {
    const stored = repo.insert(session('a1b2c3d4', 'agent'));
    expect(stored).toEqual({
      id: 'a1b2c3d4',
      name: 'agent',
      command: ['claude', '--resume'],
      cwd: '/home/me/project',
      cols: 120,
      rows: 32,
      status: 'running',
      pid: null,
      exitCode: null,
      signal: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      endedAt: null,
      lastActivityAt: null,
      outputBytes: 0,
      provider: null,
      providerSessionId: null,
      model: null,
      agentState: null,
      agentStateReason: null,
      agentStateAt: null,
      hookSecretHash: null,
      transcriptPath: null,
      stopRequested: false,
    });
    expect(repo.get('a1b2c3d4')).toEqual(stored);
  });

  it('stores every field it is given', () => {
    const full = {
      ...session('0badc0de', 'done', { command: ['sh', '-c', 'echo "quoted" \u00e9\u{1f600}'] }),
      status: 'failed' as const,
      pid: 4242,
      exitCode: 3,
      signal: 'SIGTERM',
      createdAt: '2024-05-01T10:00:00.000Z',
      endedAt: '2024-05-01T11:00:00.000Z',
      lastActivityAt: '2024-05-01T10:59:00.000Z',
      outputBytes: 2 ** 40,
      provider: 'claude',
      providerSessionId: '5f1c2d8e-0000-4000-8000-000000000001',
      model: 'claude-sonnet-4-5',
      agentState: 'needs-approval' as const,
      agentStateReason: 'tool Bash',
      agentStateAt: '2024-05-01T10:58:00.000Z',
      hookSecretHash: 'ab'.repeat(32),
      transcriptPath: '/home/me/.claude/projects/-home-me-project/x.jsonl',
      stopRequested: true,
    };
    expect(repo.insert(full)).toEqual(full);
  });

  it('records the given event in the same write', () => {
    repo.insert(session('a1b2c3d4', 'agent'), { type: 'created', data: { pid: 1 } });
    expect(repo.listEvents('a1b2c3d4')).toEqual([
      { id: expect.any(Number), sessionId: 'a1b2c3d4', at: expect.any(String), type: 'created', data: { pid: 1 } },
    ]);
  });

  it('rejects a duplicate id, a duplicate name, and an id that is another session’s name', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    repo.insert(session('b1b2c3d4', 'ffffffff'));
    expect(coreError(() => repo.insert(session('a1b2c3d4', 'other')))).toMatchObject({ code: 'conflict' });
    expect(coreError(() => repo.insert(session('c1b2c3d4', 'agent')))).toMatchObject({
      code: 'conflict',
      message: 'a session named "agent" already exists',
    });
    expect(coreError(() => repo.insert(session('ffffffff', 'third')))).toMatchObject({ code: 'conflict' });
    expect(repo.list({ all: true })).toHaveLength(2);
  });

  it('rejects a name that is the id of another session', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    expect(coreError(() => repo.insert(session('b1b2c3d4', 'a1b2c3d4')))).toMatchObject({
      code: 'conflict',
      message: '"a1b2c3d4" is the id of another session',
    });
  });

  it('accepts a session named after its own id', () => {
    expect(repo.insert(session('a1b2c3d4', 'a1b2c3d4')).name).toBe('a1b2c3d4');
  });

  it('rejects malformed ids, names and empty commands as bad requests', () => {
    expect(coreError(() => repo.insert(session('A1B2C3D4', 'x'))).code).toBe('bad_request');
    expect(coreError(() => repo.insert(session('a1b2c3', 'x'))).code).toBe('bad_request');
    expect(coreError(() => repo.insert(session('a1b2c3d4', 'has space'))).code).toBe('bad_request');
    expect(coreError(() => repo.insert(session('a1b2c3d4', ''))).code).toBe('bad_request');
    expect(coreError(() => repo.insert(session('a1b2c3d4', 'x', { command: [] }))).code).toBe('bad_request');
    expect(repo.list({ all: true })).toEqual([]);
  });
});

describe('SessionRepository.namesDerivedFrom', () => {
  it('returns the names in use that are the base or the base and a dash, and no others', () => {
    const names = ['bash', 'bash-2', 'bash-x-1', 'bash2', 'bash.1', 'bashful', 'bas', 'zsh-2'];
    names.forEach((name, i) => repo.insert(session(`0000000${i}`, name)));
    expect([...repo.namesDerivedFrom('bash')].sort()).toEqual(['bash', 'bash-2', 'bash-x-1']);
    expect([...repo.namesDerivedFrom('sh')]).toEqual([]);
  });
});

describe('SessionRepository.update', () => {
  it('changes only the given fields and returns the new record', () => {
    const before = repo.insert(session('a1b2c3d4', 'agent', { pid: 10 }));
    const after = repo.update('a1b2c3d4', { status: 'exited', exitCode: 0, endedAt: '2024-01-01T00:00:00.000Z', stopRequested: true });
    expect(after).toEqual({ ...before, status: 'exited', exitCode: 0, endedAt: '2024-01-01T00:00:00.000Z', stopRequested: true });
    expect(repo.get('a1b2c3d4')).toEqual(after);
  });

  it('sets nullable fields back to null', () => {
    repo.insert(session('a1b2c3d4', 'agent', { pid: 10, signal: 'SIGHUP' }));
    expect(repo.update('a1b2c3d4', { pid: null, signal: null })).toMatchObject({ pid: null, signal: null });
  });

  it('records the event with the change', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    repo.update('a1b2c3d4', { cols: 90, rows: 30 }, { type: 'resized', data: { cols: 90, rows: 30 } });
    expect(repo.get('a1b2c3d4')).toMatchObject({ cols: 90, rows: 30 });
    expect(repo.listEvents('a1b2c3d4').map((e) => e.type)).toEqual(['resized']);
  });

  it('records an event with an empty patch', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    repo.update('a1b2c3d4', {}, { type: 'adopted' });
    expect(repo.listEvents('a1b2c3d4')).toMatchObject([{ type: 'adopted', data: null }]);
  });

  it('throws not_found for an unknown id', () => {
    expect(coreError(() => repo.update('a1b2c3d4', { pid: 1 })).code).toBe('not_found');
  });

  it('applies the same kind of change to each session with its own values', () => {
    repo.insert(session('a1b2c3d4', 'one'));
    repo.insert(session('b1b2c3d4', 'two'));
    repo.update('a1b2c3d4', { pid: 11, stopRequested: true });
    repo.update('b1b2c3d4', { pid: 22, stopRequested: false });
    repo.update('a1b2c3d4', { pid: 33 });
    expect(repo.get('a1b2c3d4')).toMatchObject({ pid: 33, stopRequested: true });
    expect(repo.get('b1b2c3d4')).toMatchObject({ pid: 22, stopRequested: false });
  });

  it('renames, and refuses a name in use or that is another session’s id', () => {
    repo.insert(session('a1b2c3d4', 'one'));
    repo.insert(session('b1b2c3d4', 'two'));
    expect(repo.update('a1b2c3d4', { name: 'uno' }).name).toBe('uno');
    expect(coreError(() => repo.update('a1b2c3d4', { name: 'two' }))).toMatchObject({
      code: 'conflict',
      message: 'a session named "two" already exists',
    });
    expect(coreError(() => repo.update('a1b2c3d4', { name: 'b1b2c3d4' }))).toMatchObject({ code: 'conflict' });
    expect(coreError(() => repo.update('a1b2c3d4', { name: 'bad name' })).code).toBe('bad_request');
    expect(repo.update('a1b2c3d4', { name: 'uno' }).name).toBe('uno');
    expect(repo.update('a1b2c3d4', { name: 'a1b2c3d4' }).name).toBe('a1b2c3d4');
  });

  it('rejects a status outside the protocol’s set', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    const patch = { status: 'paused' } as unknown as { status: 'running' };
    expect(coreError(() => repo.update('a1b2c3d4', patch)).code).toBe('bad_request');
    expect(repo.get('a1b2c3d4')?.status).toBe('running');
  });
});

describe('SessionRepository.transaction', () => {
  it('rolls back every write when the callback throws', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    expect(() =>
      repo.transaction(() => {
        repo.update('a1b2c3d4', { status: 'stopped' }, { type: 'stopped' });
        repo.insert(session('b1b2c3d4', 'second'));
        throw new Error('interrupted');
      }),
    ).toThrow('interrupted');
    expect(repo.get('a1b2c3d4')?.status).toBe('running');
    expect(repo.get('b1b2c3d4')).toBeUndefined();
    expect(eventCount()).toBe(0);
  });

  it('returns the callback’s value', () => {
    expect(repo.transaction(() => repo.insert(session('a1b2c3d4', 'agent')).id)).toBe('a1b2c3d4');
  });
});

describe('SessionRepository.list', () => {
  beforeEach(() => {
    repo.insert(session('00000003', 'third', { createdAt: '2024-03-01T00:00:00.000Z' }));
    repo.insert(session('00000001', 'first', { createdAt: '2024-01-01T00:00:00.000Z', status: 'exited' }));
    repo.insert(session('00000002', 'second', { createdAt: '2024-02-01T00:00:00.000Z' }));
  });

  it('lists running sessions only by default, oldest first', () => {
    expect(repo.list().map((s) => s.name)).toEqual(['second', 'third']);
    expect(repo.list({ all: false }).map((s) => s.name)).toEqual(['second', 'third']);
  });

  it('lists every session with all, oldest first', () => {
    expect(repo.list({ all: true }).map((s) => s.name)).toEqual(['first', 'second', 'third']);
  });

  it('keeps insertion order between sessions created in the same millisecond', () => {
    const at = '2024-04-01T00:00:00.000Z';
    for (const id of ['0000000f', '0000000a', '0000000c']) repo.insert(session(id, `same-${id}`, { createdAt: at }));
    expect(repo.list().slice(-3).map((s) => s.id)).toEqual(['0000000f', '0000000a', '0000000c']);
  });
});

describe('SessionRepository.findByIdPrefix', () => {
  beforeEach(() => {
    repo.insert(session('ab000001', 'one'));
    repo.insert(session('ab000002', 'two'));
    repo.insert(session('cd000003', 'three'));
  });

  it('returns every session whose id starts with the prefix, ordered by id', () => {
    expect(repo.findByIdPrefix('ab').map((s) => s.id)).toEqual(['ab000001', 'ab000002']);
    expect(repo.findByIdPrefix('c').map((s) => s.id)).toEqual(['cd000003']);
    expect(repo.findByIdPrefix('ab000002').map((s) => s.id)).toEqual(['ab000002']);
  });

  it('matches upper-case hex too', () => {
    expect(repo.findByIdPrefix('AB').map((s) => s.id)).toEqual(['ab000001', 'ab000002']);
  });

  it('returns nothing for non-hex, empty, too long or wildcard prefixes', () => {
    for (const prefix of ['', 'zz', 'ab%', 'a_', '%', 'ab0000011', ' ab']) expect(repo.findByIdPrefix(prefix)).toEqual([]);
  });
});

describe('SessionRepository.resolveRef', () => {
  beforeEach(() => {
    repo.insert(session('ab000001', 'one'));
    repo.insert(session('ab100002', 'two'));
    repo.insert(session('cd000003', 'cafe'));
    repo.insert(session('ca000004', 'ab'));
  });

  it('resolves an exact id', () => {
    expect(repo.resolveRef('ab100002').name).toBe('two');
  });

  it('resolves an exact name', () => {
    expect(repo.resolveRef('one').id).toBe('ab000001');
  });

  it('prefers a name over an id prefix it happens to look like', () => {
    expect(repo.resolveRef('ab').id).toBe('ca000004');
    expect(repo.resolveRef('cafe').id).toBe('cd000003');
  });

  it('resolves a unique id prefix', () => {
    expect(repo.resolveRef('cd').id).toBe('cd000003');
    expect(repo.resolveRef('ab0').id).toBe('ab000001');
    expect(repo.resolveRef('AB1').id).toBe('ab100002');
    expect(repo.resolveRef('ab000001').id).toBe('ab000001');
  });

  it('rejects an ambiguous prefix and names the candidates', () => {
    const error = coreError(() => repo.resolveRef('a'));
    expect(error.code).toBe('ambiguous');
    expect(error.message).toBe('"a" matches 2 sessions: ab000001, ab100002');
  });

  it('elides candidates past the tenth', () => {
    for (let i = 0; i < 12; i++) repo.insert(session(`ee${String(i).padStart(6, '0')}`, `e${i}`));
    const error = coreError(() => repo.resolveRef('ee'));
    expect(error.message).toMatch(/^"ee" matches 12 sessions: ee000000, (ee0000\d\d, ){8}ee000009, …$/);
  });

  it('rejects a reference that matches nothing', () => {
    for (const ref of ['ff', 'nope', '', 'ab0000011']) {
      const error = coreError(() => repo.resolveRef(ref));
      expect(error.code).toBe('not_found');
      expect(error.message).toBe(`no session matches "${ref}"`);
    }
  });

  it('agrees with a plain model of the rule for any set of sessions and reference', () => {
    // A narrow alphabet makes shared prefixes, names that look like ids, and clashes common.
    const hexId = fc.oneof(fc.stringMatching(/^[ab]{3}[0-9a-f]{5}$/), fc.stringMatching(/^[0-9a-f]{8}$/));
    const name = fc.oneof(hexId, fc.stringMatching(/^[ab]{1,3}$/), fc.stringMatching(/^[a-f0-9][a-f0-9.-]{0,9}$/));
    // `alias` names a session after another one's id, the clash the name rule exists for.
    const world = fc.uniqueArray(fc.record({ id: hexId, name, alias: fc.option(fc.nat(), { nil: undefined }) }), {
      selector: (s) => s.id,
      maxLength: 12,
    });
    const freeRefs = fc.oneof(fc.stringMatching(/^[abAB]{1,4}$/), fc.stringMatching(/^[0-9a-fA-F.-]{0,9}$/));
    fc.assert(
      fc.property(world, fc.nat(), freeRefs, (candidates, pick, freeRef) => {
        database.sqlite.exec('DELETE FROM sessions');
        const stored: Array<{ id: string; name: string }> = [];
        for (const c of candidates) {
          const entry = { id: c.id, name: c.alias === undefined ? c.name : candidates[c.alias % candidates.length]!.id };
          try {
            repo.insert(session(entry.id, entry.name));
            stored.push(entry);
          } catch (error) {
            if (!(error instanceof CoreError) || error.code !== 'conflict') throw error;
          }
        }
        // Names never collide with each other or with another session's id.
        const names = new Set(stored.map((s) => s.name));
        expect(names.size).toBe(stored.length);
        for (const s of stored) expect(stored.some((o) => o.id === s.name && o.id !== s.id)).toBe(false);

        const refs = [freeRef];
        if (stored.length > 0) {
          const target = stored[pick % stored.length]!;
          refs.push(target.id, target.name, target.id.slice(0, 1 + (pick % 8)));
        }
        for (const ref of refs) {
          const expected =
            stored.find((s) => s.id === ref) ??
            stored.find((s) => s.name === ref) ??
            (/^[0-9a-f]{1,8}$/i.test(ref) ? stored.filter((s) => s.id.startsWith(ref.toLowerCase())) : []);
          if (!Array.isArray(expected)) expect(repo.resolveRef(ref).id).toBe(expected.id);
          else if (expected.length === 1) expect(repo.resolveRef(ref).id).toBe(expected[0]!.id);
          else expect(coreError(() => repo.resolveRef(ref)).code).toBe(expected.length === 0 ? 'not_found' : 'ambiguous');
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('SessionRepository.remove', () => {
  it('deletes the session and its events', () => {
    repo.insert(session('a1b2c3d4', 'gone'), { type: 'created' });
    repo.insert(session('b1b2c3d4', 'stays'), { type: 'created' });
    repo.addEvent('a1b2c3d4', 'renamed');
    repo.remove('a1b2c3d4');
    expect(repo.get('a1b2c3d4')).toBeUndefined();
    expect(repo.getByName('gone')).toBeUndefined();
    expect(repo.listEvents('a1b2c3d4')).toEqual([]);
    expect(eventCount()).toBe(1);
  });

  it('frees the name for reuse', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    repo.remove('a1b2c3d4');
    expect(repo.insert(session('b1b2c3d4', 'agent')).id).toBe('b1b2c3d4');
  });

  it('throws not_found for an unknown id', () => {
    expect(coreError(() => repo.remove('a1b2c3d4')).code).toBe('not_found');
  });
});

describe('SessionRepository events', () => {
  it('lists a session’s events oldest first with their data', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    repo.insert(session('b1b2c3d4', 'other'));
    repo.addEvent('a1b2c3d4', 'created', { command: ['sh'], cols: 80 });
    repo.addEvent('b1b2c3d4', 'created');
    repo.addEvent('a1b2c3d4', 'renamed', { from: 'x', to: 'agent' });
    repo.addEvent('a1b2c3d4', 'exited', { exitCode: 0, signal: null });
    const events = repo.listEvents('a1b2c3d4');
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['created', { command: ['sh'], cols: 80 }],
      ['renamed', { from: 'x', to: 'agent' }],
      ['exited', { exitCode: 0, signal: null }],
    ]);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    expect(events.every((e) => e.sessionId === 'a1b2c3d4' && !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it('stores an event without data as null', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    expect(repo.addEvent('a1b2c3d4', 'kill-requested').data).toBeNull();
  });

  it('accepts event types it does not know yet', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    expect(repo.addEvent('a1b2c3d4', 'provider-detected', 'claude')).toMatchObject({ type: 'provider-detected', data: 'claude' });
  });

  it('throws not_found for an event on an unknown session', () => {
    expect(coreError(() => repo.addEvent('a1b2c3d4', 'created')).code).toBe('not_found');
  });

  it('returns no events for an unknown session', () => {
    expect(repo.listEvents('a1b2c3d4')).toEqual([]);
  });
});

describe('SessionRepository.newId', () => {
  it('returns an 8-hex id used by no session as id or name', () => {
    repo.insert(session('a1b2c3d4', 'agent'));
    for (let i = 0; i < 50; i++) {
      const id = repo.newId();
      expect(id).toMatch(/^[0-9a-f]{8}$/);
      expect(repo.get(id)).toBeUndefined();
      expect(repo.getByName(id)).toBeUndefined();
    }
  });
});
