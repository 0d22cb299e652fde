/** Bumped when a client and a daemon of different versions could misunderstand each other. */
export const PROTOCOL_VERSION = 1;
