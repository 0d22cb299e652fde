export * from './auth/index.js';
export * from './errors.js';
export * from './home.js';
export * from './output-log/index.js';
export * from './pty-host/index.js';
export * from './storage/index.js';
