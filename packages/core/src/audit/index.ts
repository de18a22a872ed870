export * from './list-audit.ts';
export * from './record-audit.ts';
