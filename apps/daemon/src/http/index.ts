export { createApp, type AppOptions } from './create-app.js';
export { malformedRequestHandler } from './malformed-request.js';
