import type { CreateSessionRequest, ProviderInfo } from '@codepiper/protocol';
import { shellSplit } from './shell-split';

/** One entry of the provider picker. */
export interface ProviderChoice {
  name: ProviderInfo['name'];
  label: string;
  /** False when the provider's binary is not on the daemon's PATH: shown, not selectable. */
  available: boolean;
  /** "not installed", "2.1.331", or "any program". */
  note: string;
}

/** Which fields the dialog shows for a provider, read from its capabilities, never from its name. */
export interface ProviderFields {
  /** It launches its own binary: the command field takes extra arguments for it. */
  agent: boolean;
  model: boolean;
  resume: boolean;
  /** Suggestions for the model field. */
  models: string[];
}

export interface NewSessionInput {
  /** Undefined while the providers are unknown (the list failed to load): a plain command session. */
  provider: ProviderInfo | undefined;
  name: string;
  cwd: string;
  /** The command line for a shell session, the extra arguments for an agent. */
  command: string;
  model: string;
  resume: string;
}

export type NewSessionRequest = { ok: true; body: CreateSessionRequest } | { ok: false; error: string };

export function isAgent(provider: ProviderInfo): boolean {
  return provider.binary !== null;
}

export function isAvailable(provider: ProviderInfo): boolean {
  return !isAgent(provider) || provider.found !== null;
}

export function providerChoices(providers: readonly ProviderInfo[]): ProviderChoice[] {
  return providers.map((p) => ({
    name: p.name,
    label: p.displayName,
    available: isAvailable(p),
    note: !isAgent(p) ? 'any program' : p.found === null ? 'not installed' : (p.found.version ?? 'installed'),
  }));
}

/** The provider picked when the dialog opens: the first whose binary is there (the shell always is). */
export function defaultProvider(providers: readonly ProviderInfo[]): ProviderInfo | undefined {
  return providers.find(isAvailable);
}

export function providerFields(provider: ProviderInfo | undefined): ProviderFields {
  if (!provider || !isAgent(provider)) return { agent: false, model: false, resume: false, models: [] };
  return {
    agent: true,
    model: provider.capabilities.modelSwitch,
    resume: provider.capabilities.resume,
    models: provider.capabilities.modelSwitch ? [...provider.models] : [],
  };
}

/** The POST /api/sessions body for what the dialog holds, or why it cannot be sent yet. */
export function newSessionRequest(input: NewSessionInput): NewSessionRequest {
  const split = shellSplit(input.command);
  if (!split.ok) return { ok: false, error: split.error };
  const body: CreateSessionRequest = {};
  if (input.name.trim()) body.name = input.name.trim();
  if (input.cwd.trim()) body.cwd = input.cwd.trim();
  const provider = input.provider;
  if (provider && !isAvailable(provider)) return { ok: false, error: `${provider.displayName} is not installed on the daemon's machine` };
  const fields = providerFields(provider);
  if (provider) body.provider = provider.name;
  if (!fields.agent) {
    if (split.argv.length > 0) body.command = split.argv;
    return { ok: true, body };
  }
  if (split.argv.length > 0) body.args = split.argv;
  if (fields.model && input.model.trim()) body.model = input.model.trim();
  if (fields.resume && input.resume.trim()) body.resume = input.resume.trim();
  return { ok: true, body };
}
