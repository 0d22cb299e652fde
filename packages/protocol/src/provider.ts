import { z } from 'zod';

/**
 * What runs in a session. `shell` is any command (the default); `claude` and `codex` are agents the
 * daemon launches with hooks and whose transcripts it reads. Clients never branch on these names:
 * they read a provider's declared capabilities (GET /api/providers).
 */
export const PROVIDER_NAMES = ['shell', 'claude', 'codex'] as const;
export const ProviderNameSchema = z.enum(PROVIDER_NAMES, { error: () => `a provider is one of ${PROVIDER_NAMES.join(', ')}` });
export type ProviderName = z.infer<typeof ProviderNameSchema>;

export const ProviderCapabilitiesSchema = z.object({
  /** Lifecycle hooks drive the agent state and the policy engine. */
  hooks: z.boolean(),
  /** Token usage is read from the agent's transcript. */
  transcripts: z.boolean(),
  /** A previous conversation can be resumed by its provider session id (`--resume`). */
  resume: z.boolean(),
  /** The model can be chosen at start (`--model`). */
  modelSwitch: z.boolean(),
  /** Tool calls can be allowed, denied or held for the owner's approval. */
  approvals: z.boolean(),
});
export type ProviderCapabilities = z.infer<typeof ProviderCapabilitiesSchema>;

/** One provider as GET /api/providers and `codepiper providers --json` describe it. */
export const ProviderInfoSchema = z.object({
  name: ProviderNameSchema,
  displayName: z.string(),
  /** The program launched (`claude`, `codex`); null for `shell`, which runs whatever it is given. */
  binary: z.string().nullable(),
  capabilities: ProviderCapabilitiesSchema,
  /** Where the binary was found on the daemon's PATH, and the version it reports; null when absent. */
  found: z.object({ path: z.string(), version: z.string().nullable() }).nullable(),
  /** Models suggested in pickers; any model name the binary accepts may be given. */
  models: z.array(z.string()),
});
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;
export const ProviderListResponseSchema = z.array(ProviderInfoSchema);
