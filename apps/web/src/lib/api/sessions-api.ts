import type { CreateSessionRequest, Session } from '@codepiper/protocol';
import { request } from './api-client';

const at = (ref: string) => `/api/sessions/${encodeURIComponent(ref)}`;

export const sessionsApi = {
  get: (ref: string) => request<Session>('GET', at(ref)),
  create: (body: CreateSessionRequest) => request<Session>('POST', '/api/sessions', { body }),
  stop: (ref: string) => request<Session>('POST', `${at(ref)}/stop`),
  kill: (ref: string) => request<Session>('POST', `${at(ref)}/kill`),
  rename: (ref: string, name: string) => request<Session>('POST', `${at(ref)}/rename`, { body: { name } }),
  remove: (ref: string) => request<void>('DELETE', at(ref)),
};
