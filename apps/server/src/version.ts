/** Baton's version, shown by `baton --version`, `/api/v1/info` and the OpenAPI document. */
export const BATON_VERSION = '0.1.0';
