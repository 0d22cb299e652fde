import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { buildLaunchPlan, newHookSecret, providerDefinition, type ProviderRegistry } from '@codepiper/core';
import type { CreateSessionRequest, ProviderName } from '@codepiper/protocol';
import { DaemonError } from '../errors.js';
import type { AgentLaunch } from '../session-hub/index.js';

export interface AgentLauncherOptions {
  registry: ProviderRegistry;
  home: string;
  sessionDir: (id: string) => string;
  forwarder: readonly string[];
  approvalTimeoutMs: number;
}

/**
 * Turns "start a claude session" into the argv, environment and files of the spawn: checks the
 * provider can do what is asked, finds its binary, gives the session a fresh hook secret (only its
 * hash is kept) and writes the per-session files before the process starts.
 */
export class AgentLauncher {
  constructor(private readonly options: AgentLauncherOptions) {}

  async prepare(input: { id: string; provider: Exclude<ProviderName, 'shell'>; request: CreateSessionRequest }): Promise<AgentLaunch> {
    const { provider, request } = input;
    const definition = providerDefinition(provider);
    if (request.resume && !definition.capabilities.resume) throw new DaemonError('bad_request', `${definition.displayName} sessions cannot be resumed`);
    if (request.model && !definition.capabilities.modelSwitch) throw new DaemonError('bad_request', `${definition.displayName} does not take a model at start`);
    const found = await this.options.registry.find(provider);
    if (!found) {
      throw new DaemonError('bad_request', `${definition.displayName} ("${definition.binary}") was not found on the daemon's PATH: ${definition.install ?? 'install it first'}`);
    }
    const secret = newHookSecret();
    const plan = buildLaunchPlan(provider, {
      binaryPath: found.path,
      sessionDir: this.options.sessionDir(input.id),
      forwarder: this.options.forwarder,
      home: this.options.home,
      hookSecret: secret.secret,
      approvalTimeoutMs: this.options.approvalTimeoutMs,
      ...(request.model ? { model: request.model } : {}),
      ...(request.resume ? { resume: request.resume } : {}),
      ...(request.args ? { args: request.args } : {}),
    });
    if (plan.files.length > 0) await mkdir(this.options.sessionDir(input.id), { recursive: true, mode: 0o700 });
    for (const file of plan.files) {
      await writeFile(file.path, file.content, { mode: file.mode });
      // An existing file keeps its mode through writeFile: make sure it is the plan's.
      await chmod(file.path, file.mode);
    }
    return {
      command: plan.command,
      env: plan.env,
      unsetEnv: plan.unsetEnv,
      record: {
        provider,
        providerSessionId: plan.providerSessionId,
        model: plan.model,
        hookSecretHash: secret.hash,
        agentState: 'working',
        agentStateReason: 'starting',
        agentStateAt: new Date().toISOString(),
      },
    };
  }
}
