import type { ProviderCapabilities, ProviderInfo } from '@codepiper/protocol';
import { printable } from './printable.js';
import { formatTable } from './table.js';

const HEADER = ['PROVIDER', 'FOUND', 'VERSION', 'PATH', 'CAPABILITIES'] as const;

/** The capabilities a provider declares, by name: `hooks,transcripts,resume`; "-" for none. */
export function formatCapabilities(capabilities: ProviderCapabilities): string {
  const names = (Object.keys(capabilities) as Array<keyof ProviderCapabilities>).filter((name) => capabilities[name]);
  return names.length > 0 ? names.join(',') : '-';
}

/** `providers`: every provider, whether its binary is on the daemon's PATH, and what it can do. */
export function formatProviderTable(providers: readonly ProviderInfo[]): string {
  return formatTable(
    HEADER,
    providers.map((provider) => [
      provider.name,
      provider.binary === null ? '-' : provider.found ? 'yes' : 'no',
      printable(provider.found?.version ?? '-'),
      printable(provider.found?.path ?? (provider.binary === null ? '(any command)' : `(${provider.binary} not on PATH)`)),
      formatCapabilities(provider.capabilities),
    ]),
  );
}
