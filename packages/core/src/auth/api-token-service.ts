import { ApiTokenNameSchema } from '@codepiper/protocol';
import { CoreError } from '../errors.js';
import { ApiTokenRepository, type ApiTokenRecord } from '../storage/api-token-repository.js';
import type { CodePiperDatabase } from '../storage/database.js';
import type { AuditContext, AuditWriter } from './audit-context.js';
import { API_TOKEN_PREFIX, hashToken, looksLikeToken, newApiToken } from './tokens.js';

export interface NewApiTokenResult {
  id: string;
  name: string;
  readOnly: boolean;
  /** Shown once; only its hash is stored. */
  token: string;
}

/** Bearer tokens for scripts and other machines, each named and optionally read-only. */
export class ApiTokenService {
  private readonly tokens: ApiTokenRepository;

  constructor(
    database: CodePiperDatabase,
    private readonly clock: () => number,
    private readonly audit: AuditWriter,
  ) {
    this.tokens = new ApiTokenRepository(database);
  }

  /** `bad_request` for an unprintable name, `conflict` for one an unrevoked token already has. */
  create(input: { name: string; readOnly?: boolean }, ctx: AuditContext): NewApiTokenResult {
    const name = ApiTokenNameSchema.safeParse(input.name);
    if (!name.success) throw new CoreError('bad_request', name.error.issues[0]?.message ?? 'invalid token name');
    const token = newApiToken();
    const readOnly = input.readOnly ?? false;
    const record = this.tokens.transaction(() => {
      const created = this.tokens.create({ id: this.tokens.newId(), name: name.data, tokenHash: hashToken(token), readOnly }, this.clock());
      this.audit('token-created', ctx, { tokenId: created.id, name: created.name, readOnly });
      return created;
    });
    return { id: record.id, name: record.name, readOnly: record.readOnly, token };
  }

  authenticate(token: string, now: number = this.clock()): ApiTokenRecord | undefined {
    if (!looksLikeToken(token, API_TOKEN_PREFIX)) return undefined;
    const record = this.tokens.findActiveByTokenHash(hashToken(token));
    if (record) this.tokens.touch(record.id, now);
    return record;
  }

  list(): ApiTokenRecord[] {
    return this.tokens.list();
  }

  /** Revokes by id or name; `not_found` when no unrevoked token matches. */
  revoke(idOrName: string, ctx: AuditContext): ApiTokenRecord {
    return this.tokens.transaction(() => {
      const token = this.tokens.findActiveByIdOrName(idOrName);
      if (!token || !this.tokens.revoke(token.id, this.clock())) throw new CoreError('not_found', `no active token "${idOrName}"`);
      this.audit('token-revoked', ctx, { tokenId: token.id, name: token.name });
      return this.tokens.get(token.id)!;
    });
  }
}
