export * from './resolve-access.ts';
export * from './role-catalogue.ts';
