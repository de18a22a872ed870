export * from './bootstrap-admin.ts';
export * from './change-password.ts';
export * from './create-user.ts';
export * from './passwords.ts';
export * from './sessions.ts';
export * from './tokens.ts';
export * from './users.ts';
