/** Absolute path of the built dashboard, for the daemon to serve. */
export declare const webRoot: string;
