// The daemon's push receiver (imported by push.test.ts) decrypts with http_ece, which has no types;
// this file is only seen by the web tests' type check, which follows that import.
declare module 'http_ece';
