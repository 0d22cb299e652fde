/** Agents as sessions: provider launch, hooks, agent state and approvals (see docs/architecture.md). */
export { Agents, type AgentsOptions } from './agents.js';
export { agentRoutes, hookRoutes } from './agent-routes.js';
export type { PolicyPort, UsagePort } from './ports.js';
